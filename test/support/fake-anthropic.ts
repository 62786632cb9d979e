import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorReply, id, messageJson, sleep, streamMessage, type FakeAnthropic, type FakeReply, type RecordedRequest } from './fake-anthropic.wire';

export { errorReply, textReply, toolUseReply, type FakeAnthropic, type FakeBlock, type FakeReply, type RecordedRequest } from './fake-anthropic.wire';

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
  const arrivals = new Set<() => void>();
  const sockets = new Set<import('node:net').Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) return void res.writeHead(404).end();
    const record: RecordedRequest = { path: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), aborted: false };
    requests.push(record);
    arrivals.forEach((check) => check());
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
    received: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => (arrivals.delete(check), reject(new Error(`${requests.length} of ${count} requests arrived within ${timeoutMs} ms`))), timeoutMs);
        const check = () => {
          if (requests.length < count) return;
          arrivals.delete(check);
          clearTimeout(timer);
          resolve(requests);
        };
        arrivals.add(check);
        check();
      }),
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
