import 'reflect-metadata';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import { HttpPool, HttpPoolModule, UpstreamError, getHttpPoolToken, type HttpPoolOptions } from '@skillnest/pools';

/** A local upstream whose every path fails one way (added by the mutation check: each branch of the error mapping, seen as a skill sees it). */
async function startUpstream() {
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    if (req.url === '/no-headers') return;
    if (req.url === '/reset') return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/stall-body') return void res.write('{');
    if (req.url === '/large') return void res.end(JSON.stringify({ blob: 'x'.repeat(4096) }));
    if (req.url === '/not-json') return void res.end('<html>');
    res.end('{"ok":true}');
  });
  server.on('connection', (socket) => (sockets.add(socket), socket.once('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (open.forEach((res) => res.destroy()), sockets.forEach((socket) => socket.destroy()), server.close(() => resolve()))),
  };
}

/** A port nothing listens on: bound, its number kept, and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('HttpPool: every upstream failure is an UpstreamError with its reason and a message naming the pool only', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let moduleRef: TestingModule | undefined;

  const poolWith = async (options: Omit<HttpPoolOptions, 'name'> = {}): Promise<HttpPool> => {
    moduleRef = await Test.createTestingModule({
      imports: [HttpPoolModule.forRoot({ name: 'tracker', origin: upstream.origin, drainTimeoutMs: 100, headersTimeoutMs: 300, bodyTimeoutMs: 300, ...options })],
    }).compile();
    await moduleRef.init();
    return moduleRef.get<HttpPool>(getHttpPoolToken('tracker'));
  };
  const failure = (pool: HttpPool, path: string, signal?: AbortSignal) =>
    pool.requestJson({ path, signal }).then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });
  afterAll(async () => {
    await upstream.close();
  });

  it.each([
    ['/no-headers', 'timeout', 'Upstream "tracker" did not answer in time (waiting for response headers, limit 300 ms). Try again later.'],
    ['/stall-body', 'timeout', 'Upstream "tracker" did not answer in time (reading the response body, limit 300 ms). Try again later.'],
    ['/large', 'too_large', 'Upstream "tracker" sent a response larger than 1024 bytes; it was discarded.'],
    ['/reset', 'reset', 'Upstream "tracker" closed the connection before answering. Try again later.'],
    ['/not-json', 'bad_body', 'Upstream "tracker" sent a response that is not valid JSON.'],
  ])('%s: reason %s', async (path, reason, message) => {
    const error = await failure(await poolWith({ maxResponseBytes: 1024 }), path);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ reason, message });
  });

  it('an upstream that refuses connections is unreachable, not a timeout', async () => {
    const pool = await poolWith({ origin: `http://127.0.0.1:${await closedPort()}` });
    expect(await failure(pool, '/')).toMatchObject({ reason: 'unreachable', message: 'Upstream "tracker" is unreachable right now. Try again later.' });
  });

  it('a call the caller cancels is cancelled, whether its signal fired before or during the request', async () => {
    const pool = await poolWith();
    expect(await failure(pool, '/no-headers', AbortSignal.abort())).toMatchObject({ reason: 'cancelled', message: 'The call to upstream "tracker" was cancelled.' });
    const controller = new AbortController();
    const pending = failure(pool, '/no-headers', controller.signal);
    setImmediate(() => controller.abort());
    expect(await pending).toMatchObject({ reason: 'cancelled' });
  });

  it('the total deadline wins over the per-phase timeouts it cuts short, and says so', async () => {
    const pool = await poolWith({ headersTimeoutMs: 5_000, requestTimeoutMs: 200 });
    expect(await failure(pool, '/no-headers')).toMatchObject({
      reason: 'timeout',
      message: 'Upstream "tracker" did not answer in time (the whole request, limit 200 ms). Try again later.',
    });
  });

  it('answers a good JSON body with its status', async () => {
    await expect((await poolWith()).requestJson({ path: '/ok' })).resolves.toEqual({ status: 200, body: { ok: true } });
  });
});
