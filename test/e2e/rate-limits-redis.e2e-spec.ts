import { randomBytes } from 'node:crypto';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { callToolOverHttp } from '../support/mcp-http';

describe('rate limits shared through Redis', () => {
  const token = `shared-${randomBytes(8).toString('hex')}`;
  // A caller name of its own per run, so earlier runs' counters in Redis do not interfere.
  const caller = `budget-${randomBytes(4).toString('hex')}`;
  const env = {
    SKILLNEST_TOKENS: `${caller}=${token}`,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    SKILLNEST_RATE_LIMIT_PER_PRINCIPAL: '4/60',
  };
  let first: RunningApp;
  let second: RunningApp;

  beforeAll(async () => {
    first = await startExampleApp({ env });
    second = await startExampleApp({ env });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('gives two replicas one budget per principal, then 429 with Retry-After on either', async () => {
    const call = (app: RunningApp) => callToolOverHttp(app.mcpUrl.href, 'catalog_search_services', { limit: 1 }, { authorization: `Bearer ${token}` });
    const statuses = [];
    for (const app of [first, second, first, second]) statuses.push((await call(app)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);

    for (const app of [first, second]) {
      const refused = await fetch(app.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error.message).toMatch(/^Rate limit reached for your requests; retry in \d+ s\.$/);
    }
  });
});
