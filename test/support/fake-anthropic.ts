import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A content block Claude answers with. `chunks` splits a text into the deltas a stream sends. */
export type FakeBlock = { type: 'text'; text: string; chunks?: string[] } | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

/** One scripted answer to one `POST /v1/messages`. */
export type FakeReply =
  | {
      kind: 'message';
      content: FakeBlock[];
      stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'refusal';
      /** Pause between two streamed events, in ms. */
      chunkDelayMs?: number;
      /** Stream this many text deltas, then keep the connection open without sending more. */
      stallAfterChunks?: number;
      /** Stream this many text deltas, then an SSE `error` event of this type, and end. */
      errorAfterChunks?: { chunks: number; type: string; message: string };
      /** Wait this long before answering at all, in ms. */
      delayMs?: number;
    }
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { kind: 'hang' };

/** A request as the fake saw it. */
export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    max_tokens: number;
    stream?: boolean;
    system?: string;
    messages: Array<{ role: string; content: unknown }>;
    tools?: Array<{ name: string; description?: string; input_schema: Record<string, unknown> }>;
  };
  /** The client closed the connection before the answer was complete. */
  aborted: boolean;
}

export interface FakeAnthropic {
  /** Pass as `ANTHROPIC_BASE_URL` / `baseURL`. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues answers, one per request, in order. */
  script(...replies: FakeReply[]): void;
  /** The answer once the queue is empty (default: a 500 saying nothing was scripted). */
  otherwise(reply: FakeReply): void;
  /** Resolves with the next request whose connection the client aborts (or one already aborted). */
  nextAbort(timeoutMs?: number): Promise<RecordedRequest>;
  reset(): void;
  close(): Promise<void>;
}

/** A text answer, streamed in the given chunks. */
export const textReply = (
  chunks: string[],
  options: Pick<Extract<FakeReply, { kind: 'message' }>, 'chunkDelayMs' | 'stallAfterChunks' | 'errorAfterChunks' | 'delayMs'> = {},
): FakeReply => ({
  kind: 'message',
  content: [{ type: 'text', text: chunks.join(''), chunks }],
  stopReason: 'end_turn',
  ...options,
});

/** A turn in which Claude calls tools (with a short text before, as Claude often does). */
export const toolUseReply = (...calls: Array<{ name: string; input: Record<string, unknown> }>): FakeReply => ({
  kind: 'message',
  content: [{ type: 'text', text: 'Let me look that up.' }, ...calls.map((call) => ({ type: 'tool_use' as const, ...call }))],
  stopReason: 'tool_use',
});

/** An API error answer, as the Messages API sends them. */
export const errorReply = (status: number, type: string, message: string, headers?: Record<string, string>): FakeReply => ({
  kind: 'error',
  status,
  type,
  message,
  headers,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

interface WireBlock {
  type: 'text' | 'tool_use';
  text?: string;
  chunks: string[];
  id?: string;
  name?: string;
  input?: Record<string, unknown>;
}

function wireBlocks(content: FakeBlock[]): WireBlock[] {
  return content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text, chunks: block.chunks ?? [block.text] }
      : { type: 'tool_use', id: block.id ?? id('toolu'), name: block.name, input: block.input, chunks: [] },
  );
}

function outputTokens(blocks: WireBlock[]): number {
  return blocks.reduce((sum, block) => sum + block.chunks.length + (block.input ? 1 : 0), 0) || 1;
}

function messageJson(reply: Extract<FakeReply, { kind: 'message' }>, model: string) {
  const blocks = wireBlocks(reply.content);
  return {
    id: id('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content: blocks.map((block) =>
      block.type === 'text' ? { type: 'text', text: block.text, citations: null } : { type: 'tool_use', id: block.id, name: block.name, input: block.input },
    ),
    stop_reason: reply.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 42, output_tokens: outputTokens(blocks) },
  };
}

/** Writes a message as the Messages API streams it: message_start, blocks with deltas, message_delta, message_stop. */
async function streamMessage(res: ServerResponse, reply: Extract<FakeReply, { kind: 'message' }>, model: string): Promise<void> {
  const blocks = wireBlocks(reply.content);
  const alive = () => !res.destroyed && !res.writableEnded;
  const send = async (event: string, data: unknown) => {
    if (!alive()) return;
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  };
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': id('req') });
  await send('message_start', {
    type: 'message_start',
    message: { id: id('msg'), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 42, output_tokens: 1 } },
  });
  await send('ping', { type: 'ping' });
  let sent = 0;
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'text') {
      await send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const chunk of block.chunks) {
        if (reply.stallAfterChunks !== undefined && sent >= reply.stallAfterChunks) return; // stall: never finish
        if (reply.errorAfterChunks && sent >= reply.errorAfterChunks.chunks) {
          const { type, message } = reply.errorAfterChunks;
          await send('error', { type: 'error', error: { type, message } });
          return void res.end();
        }
        await send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: chunk } });
        sent++;
      }
    } else {
      await send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        await send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    await send('content_block_stop', { type: 'content_block_stop', index });
  }
  await send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: reply.stopReason ?? 'end_turn', stop_sequence: null },
    usage: { output_tokens: outputTokens(blocks) },
  });
  await send('message_stop', { type: 'message_stop' });
  if (alive()) res.end();
}

/**
 * A local stand-in for the Anthropic Messages API on 127.0.0.1 (real HTTP, reached through the
 * SDK's `baseURL`): JSON answers and SSE streams in the API's wire format, including `tool_use`
 * blocks (streamed with `input_json_delta`) and error bodies. Answers are scripted per test.
 * It records every request and notices when the client aborts one.
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  let queue: FakeReply[] = [];
  let fallback: FakeReply = errorReply(500, 'api_error', 'The fake Anthropic API had no scripted reply for this request.');
  let abortWaiters: Array<(request: RecordedRequest) => void> = [];
  const sockets = new Set<import('node:net').Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) return void res.writeHead(404).end();
    const record: RecordedRequest = { path: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), aborted: false };
    requests.push(record);
    res.on('close', () => {
      if (res.writableEnded) return;
      record.aborted = true;
      const waiters = abortWaiters;
      abortWaiters = [];
      waiters.forEach((resolve) => resolve(record));
    });
    const reply = queue.shift() ?? fallback;
    if (reply.kind === 'hang') return;
    if (reply.kind === 'error') {
      const requestId = id('req');
      res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': requestId, ...reply.headers });
      return void res.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message }, request_id: requestId }));
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if (record.body.stream) return streamMessage(res, reply, record.body.model);
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(JSON.stringify(messageJson(reply, record.body.model)));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => void queue.push(...replies),
    otherwise: (reply) => void (fallback = reply),
    nextAbort: (timeoutMs = 5_000) => {
      const already = requests.find((request) => request.aborted);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no request was aborted within ${timeoutMs} ms`)), timeoutMs);
        abortWaiters.push((request) => {
          clearTimeout(timer);
          resolve(request);
        });
      });
    },
    reset: () => {
      requests.length = 0;
      queue = [];
      fallback = errorReply(500, 'api_error', 'The fake Anthropic API had no scripted reply for this request.');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
