import type { TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { SkillsRegistry, type ToolDefinition } from '@skillnest/skills';
import { GatewayRateLimits, type RateRefusal } from '../../../libs/gateway/src/dispatch/gateway-rate-limits';
import type { McpGatewayOptions } from '../../../libs/gateway/src/mcp-gateway.options';
import { ContextProbeModule } from '../../fixtures/context-probe.module';
import { caller, gatewayProviders, runId, until } from './gateway-test-module';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = runId();
/** Every Redis key (and the change bus channel) of this run starts with it. */
const REDIS_PREFIX = `skillnest-test-${RUN}`;
const rules: McpGatewayOptions['rateLimit'] = { perPrincipal: { points: 3, durationSec: 60 }, perSkill: { points: 2, durationSec: 60 } };
const modules: TestingModule[] = [];
const redis = new Redis(REDIS_URL, { lazyConnect: true });

async function limitsOf(options: McpGatewayOptions, skills?: Parameters<typeof gatewayProviders>[2]) {
  const moduleRef = await gatewayProviders({ redisPrefix: REDIS_PREFIX, ...options }, undefined, skills);
  modules.push(moduleRef);
  return { limits: moduleRef.get(GatewayRateLimits), tool: (name: string) => moduleRef.get(SkillsRegistry).tool(name) as ToolDefinition };
}

/** The first requests after boot pass uncounted while Redis connects: wait until one is stored. */
async function connected(limits: GatewayRateLimits, path: string) {
  await until(async () => {
    await limits.takeRequest(`warm-up-${RUN}`);
    return (await redis.keys(`${REDIS_PREFIX}:${path}:*`)).length > 0;
  }, 'the rate limits to reach Redis');
}

/** Takes `n` requests and returns what each answered. */
async function takeRequests(limits: GatewayRateLimits, principal: string, n: number): Promise<Array<RateRefusal | undefined>> {
  const answers = [];
  for (let i = 0; i < n; i++) answers.push(await limits.takeRequest(principal));
  return answers;
}

const refusal = (scope: string) => ({ retryAfterSec: expect.any(Number), message: expect.stringMatching(new RegExp(`^Rate limit reached for ${scope}; retry in \\d+ s\\.$`)) });

beforeAll(async () => redis.connect());
afterAll(async () => {
  await Promise.all(modules.map((moduleRef) => moduleRef.close()));
  const keys = await redis.keys(`${REDIS_PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.each([
  ['in memory', undefined],
  ['in Redis', REDIS_URL],
])('GatewayRateLimits %s', (_store, redisUrl) => {
  const path = `/rl-${RUN}-${redisUrl ? 'redis' : 'memory'}`;
  let limits: GatewayRateLimits;
  let tool: (name: string) => ToolDefinition;

  beforeAll(async () => {
    ({ limits, tool } = await limitsOf({ path, rateLimit: rules, redisUrl }));
    if (redisUrl) await connected(limits, path);
  });

  it('lets a principal make its request budget, then refuses it with a retry-after and a message', async () => {
    const answers = await takeRequests(limits, `alice-${RUN}`, 4);
    expect(answers.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(answers[3]).toEqual(refusal('your requests'));
    const { retryAfterSec, message } = answers[3]!;
    expect(retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(retryAfterSec).toBeLessThanOrEqual(60);
    expect(message).toBe(`Rate limit reached for your requests; retry in ${retryAfterSec} s.`);
  });

  it("does not charge one principal's exhausted request budget to another", async () => {
    await takeRequests(limits, `carol-${RUN}`, 5);
    expect(await limits.takeRequest(`carol-${RUN}`)).toEqual(refusal('your requests'));
    expect(await takeRequests(limits, `dave-${RUN}`, 3)).toEqual([undefined, undefined, undefined]);
  });

  it("applies a tool's own rule per caller, and names the tool in the refusal", async () => {
    const once = tool('probe_once_a_minute');
    expect(await limits.takeCall(once, caller(`erin-${RUN}`))).toBeUndefined();
    const refused = await limits.takeCall(once, caller(`erin-${RUN}`));
    expect(refused).toEqual(refusal('"probe_once_a_minute"'));
    expect(refused!.retryAfterSec).toBeLessThanOrEqual(60);
    expect(await limits.takeCall(once, caller(`frank-${RUN}`))).toBeUndefined();
  });

  it('applies the per-skill rule to tools without one, per tool and per caller, apart from the request budget', async () => {
    const enhanced = tool('probe_enhanced');
    const grace = caller(`grace-${RUN}`);
    expect([await limits.takeCall(enhanced, grace), await limits.takeCall(enhanced, grace)]).toEqual([undefined, undefined]);
    expect(await limits.takeCall(enhanced, grace)).toEqual(refusal('"probe_enhanced"'));
    expect(await limits.takeCall(tool('probe_ops_only'), grace)).toBeUndefined();
    expect(await limits.takeCall(enhanced, caller(`heidi-${RUN}`))).toBeUndefined();
    expect(await limits.takeRequest(grace.id)).toBeUndefined();
  });
});

describe('GatewayRateLimits without rules', () => {
  it('charges nothing: no request budget, and tools without a rateLimit option are never refused', async () => {
    const { limits, tool } = await limitsOf({ path: `/rl-${RUN}-none` });
    expect(limits.enabled).toBe(true); // probe_once_a_minute declares its own rule
    expect(limits.takeRequest(`ivan-${RUN}`)).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(limits.takeCall(tool('probe_enhanced'), caller(`ivan-${RUN}`))).toBeUndefined();
    await expect(limits.takeCall(tool('probe_once_a_minute'), caller(`ivan-${RUN}`))).resolves.toBeUndefined();
    await expect(limits.takeCall(tool('probe_once_a_minute'), caller(`ivan-${RUN}`))).resolves.toEqual(refusal('"probe_once_a_minute"'));
  });

  it('is disabled on a gateway whose skills declare no budget', async () => {
    const { limits } = await limitsOf({ path: `/rl-${RUN}-off` }, [ContextProbeModule]);
    expect(limits.enabled).toBe(false);
  });
});

describe('GatewayRateLimits across replicas', () => {
  it('shares one budget per principal between two gateways on the same Redis', async () => {
    const path = `/rl-${RUN}-shared`;
    const first = (await limitsOf({ path, rateLimit: rules, redisUrl: REDIS_URL })).limits;
    const second = (await limitsOf({ path, rateLimit: rules, redisUrl: REDIS_URL })).limits;
    await Promise.all([connected(first, path), connected(second, path)]);
    const judy = `judy-${RUN}`;
    expect([await first.takeRequest(judy), await second.takeRequest(judy), await first.takeRequest(judy)]).toEqual([undefined, undefined, undefined]);
    expect(await second.takeRequest(judy)).toEqual(refusal('your requests'));
    expect(await first.takeRequest(judy)).toEqual(refusal('your requests'));
  });

  it('keeps separate budgets per process in memory', async () => {
    const path = `/rl-${RUN}-apart`;
    const first = (await limitsOf({ path, rateLimit: rules })).limits;
    const second = (await limitsOf({ path, rateLimit: rules })).limits;
    const kim = `kim-${RUN}`;
    await takeRequests(first, kim, 3);
    expect(await first.takeRequest(kim)).toEqual(refusal('your requests'));
    expect(await takeRequests(second, kim, 3)).toEqual([undefined, undefined, undefined]);
  });
});
