import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { callToolOverHttp, modernRequest } from '../support/mcp-http';
import { dropRedisPrefix, TEST_REDIS_URL } from '../support/redis-prefix';

/**
 * Issue 13, item 2: with a per-skill budget, every unknown tool name used to get a limiter (and,
 * with Redis, a key) of its own that was never freed, so random names grew memory without bound.
 * Budgets exist for tools that exist; names that do not must cost nothing.
 */
describe('per-skill budgets and unknown tool names', () => {
  const prefix = `skillnest-unknown-${randomBytes(4).toString('hex')}`;
  let running: RunningApp;
  let redis: Redis;

  beforeAll(async () => {
    running = await startExampleApp({ env: { REDIS_URL: TEST_REDIS_URL, SKILLNEST_REDIS_PREFIX: prefix, SKILLNEST_RATE_LIMIT_PER_SKILL: '1000/60' } });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await running?.close();
    await dropRedisPrefix(prefix);
  });

  const rateKeys = async () => (await redis.keys(`${prefix}:*`)).filter((key) => key.includes('rate:'));

  it('creates no budget for 200 calls of random unknown names, on every front door', async () => {
    // A known tool does get a budget: the check below would see one.
    expect((await callToolOverHttp(running.mcpUrl.href, 'catalog_search_services', { limit: 1 })).status).toBe(200);
    const before = await rateKeys();
    expect(before).toHaveLength(1);

    // Fastify refuses path parameters over 100 characters (414), so REST gets shorter names.
    const name = (bytes = 512) => `no_such_tool_${randomBytes(bytes).toString('hex')}`;
    for (let round = 0; round < 50; round++) {
      const legacy = await callToolOverHttp(running.mcpUrl.href, name(), {});
      expect(legacy.error).toMatchObject({ code: -32602, message: expect.stringMatching(/^Unknown tool/) });
      const modern = await modernRequest(running.mcpUrl.href, 'tools/call', { name: name(), arguments: {} });
      expect(modern.body?.error).toMatchObject({ code: -32602 });
      const rest = await fetch(`${running.origin}/skills/${name(32)}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(rest.status).toBe(404);
      const stream = await fetch(`${running.origin}/skills/${name(32)}/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(stream.status).toBe(404);
    }
    expect(await rateKeys()).toEqual(before);
  });
});
