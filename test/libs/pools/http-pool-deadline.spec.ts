import 'reflect-metadata';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import { HttpPool, HttpPoolModule, UpstreamError, getHttpPoolToken, type HttpPoolOptions } from '@skillnest/pools';

const TRICKLE_BYTES = 40;
const TRICKLE_EVERY_MS = 100;

/**
 * A local upstream: `/trickle` answers headers at once, then one body byte every 100 ms (40 in
 * all, each well within the per-chunk body timeout); `/stall` never answers.
 */
async function startUpstream() {
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    if (req.url === '/stall') return;
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(' ');
      if (++sent < TRICKLE_BYTES && !res.destroyed) return;
      clearInterval(timer);
      res.end('{}');
    }, TRICKLE_EVERY_MS);
    res.once('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (open.forEach((res) => res.destroy()), server.close(() => resolve()))),
  };
}

describe('HttpPool total deadline per request (requestTimeoutMs)', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let moduleRef: TestingModule | undefined;

  const poolWith = async (options: Omit<HttpPoolOptions, 'name' | 'origin'>): Promise<HttpPool> => {
    moduleRef = await Test.createTestingModule({ imports: [HttpPoolModule.forRoot({ name: 'tracker', origin: upstream.origin, drainTimeoutMs: 100, ...options })] }).compile();
    await moduleRef.init();
    return moduleRef.get<HttpPool>(getHttpPoolToken('tracker'));
  };

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

  it('cuts an upstream that trickles its body, although every chunk comes within the body timeout', async () => {
    const pool = await poolWith({ bodyTimeoutMs: 1_000, requestTimeoutMs: 500 });
    const failure = await pool.requestJson({ path: '/trickle' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ reason: 'timeout', message: 'Upstream "tracker" did not answer in time (the whole request, limit 500 ms). Try again later.' });
  });

  it('fails a request queued for a busy connection as soon as its caller cancels, not when the connection frees', async () => {
    const pool = await poolWith({ connections: 1, headersTimeoutMs: 20_000, requestTimeoutMs: 20_000 });
    let firstSettled = false;
    const first = pool.requestJson({ path: '/stall' }).finally(() => (firstSettled = true));
    first.catch(() => undefined);
    const caller = new AbortController();
    const queued = pool.requestJson({ path: '/trickle', signal: caller.signal });
    caller.abort();
    await expect(queued).rejects.toMatchObject({ reason: 'cancelled', message: 'The call to upstream "tracker" was cancelled.' });
    expect(firstSettled).toBe(false);
  });

  it('gives a request queued behind a stalled one its total deadline too', async () => {
    const pool = await poolWith({ connections: 1, headersTimeoutMs: 20_000, requestTimeoutMs: 300 });
    const first = pool.requestJson({ path: '/stall' }).catch((error: unknown) => error);
    const queued = pool.requestJson({ path: '/trickle' });
    await expect(queued).rejects.toMatchObject({ reason: 'timeout', message: expect.stringContaining('the whole request, limit 300 ms') });
    expect(await first).toMatchObject({ reason: 'timeout' });
  });

  it('fails the bootstrap on a limit that is not a positive number, naming it', async () => {
    const compile = Test.createTestingModule({ imports: [HttpPoolModule.forRoot({ name: 'tracker', origin: upstream.origin, requestTimeoutMs: Number('5s') })] }).compile();
    await expect(compile).rejects.toThrow('HTTP pool "tracker": requestTimeoutMs must be a positive number of milliseconds, got NaN.');
  });
});
