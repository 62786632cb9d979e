import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

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
  /** Resolves once `count` requests (in all) have reached the fake, so a spec acts on an event, not a delay. */
  received(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

interface WireBlock {
  type: 'text' | 'tool_use';
  text?: string;
  chunks: string[];
  id?: string;
  name?: string;
  input?: Record<string, unknown>;
}

export function wireBlocks(content: FakeBlock[]): WireBlock[] {
  return content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text, chunks: block.chunks ?? [block.text] }
      : { type: 'tool_use', id: block.id ?? id('toolu'), name: block.name, input: block.input, chunks: [] },
  );
}

export function outputTokens(blocks: WireBlock[]): number {
  return blocks.reduce((sum, block) => sum + block.chunks.length + (block.input ? 1 : 0), 0) || 1;
}

export function messageJson(reply: Extract<FakeReply, { kind: 'message' }>, model: string) {
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
export async function streamMessage(res: ServerResponse, reply: Extract<FakeReply, { kind: 'message' }>, model: string): Promise<void> {
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
