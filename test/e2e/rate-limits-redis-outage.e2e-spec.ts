import { randomBytes } from 'node:crypto';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { callToolOverHttp } from '../support/mcp-http';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { until } from '../support/until';

/**
 * Redis-backed rate limits while Redis is away: the budget is a safety net, not a gate, so calls
 * are served (never a 500, never held until the client gives up) and the outage is logged; the
 * budget is enforced again once Redis is back. Redis is reached through a TCP proxy the test
 * breaks: first frozen (connections accepted, nothing answered), then refused.
 */
describe('Redis-backed rate limits during a Redis outage', () => {
  const token = `outage-${randomBytes(8).toString('hex')}`;
  const caller = `outage-${randomBytes(4).toString('hex')}`;
  const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  let proxy: PgFaultProxy;
  let running: RunningApp;
  const call = () => callToolOverHttp(running.mcpUrl.href, 'catalog_search_services', { limit: 1 }, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    proxy = await new PgFaultProxy({ host: redis.hostname, port: Number(redis.port || 6379) }).start();
    running = await startExampleApp({
      env: { SKILLNEST_TOKENS: `${caller}=${token}`, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, SKILLNEST_RATE_LIMIT_PER_PRINCIPAL: '2/60' },
    });
  });
  afterAll(async () => {
    await running?.close();
    await proxy?.close();
  });

  it('enforces the budget through Redis, serves every call while Redis is frozen or gone, and logs the outage', async () => {
    expect([(await call()).status, (await call()).status]).toEqual([200, 200]);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.raw).error.message).toMatch(/^Rate limit reached for your requests; retry in \d+ s\.$/);

    for (const breakRedis of [() => proxy.goSilent(), () => proxy.close()]) {
      await breakRedis();
      for (let index = 0; index < 3; index++) {
        const served = await call();
        expect(served.status).toBe(200);
        expect(served.result?.isError).toBeFalsy();
        expect(served.result?.structuredContent).toMatchObject({ services: expect.any(Array) });
      }
    }
    // The operator is told (the gateway's Redis connection reports the refused reconnects).
    const logged = () => running.logs.lines.filter((line) => line.includes('Redis (shared state) reported:'));
    await until(() => logged().length > 0, 'a log line about the Redis outage');
    expect(logged().join('\n')).not.toContain(token);
  }, 30_000);
});
