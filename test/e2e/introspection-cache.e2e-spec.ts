import { randomBytes } from 'node:crypto';
import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp } from '../support/mcp-http';

const REFUSED_CACHE_MAX = 100;
const MAX_IN_FLIGHT = 4;

/** What a flood of distinct tokens costs an introspection-verified gateway, and what it cannot do. */
describe('introspection under a flood of tokens', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;
  let resource: string;
  const random = () => `flood-${randomBytes(12).toString('base64url')}`;
  const call = (token: string) => callToolOverHttp(resource, 'scoped_public', {}, { authorization: `Bearer ${token}` });
  /** Registers an active opaque token for this gateway's audience. */
  const activeToken = (sub: string) => {
    const token = `good-${sub}-${randomBytes(8).toString('hex')}`;
    idp.opaque.set(token, { sub, scope: 'incidents:read', aud: resource, exp: Math.floor(Date.now() / 1000) + 600 });
    return token;
  };
  /** How many introspection calls `work` caused. */
  const introspectionsDuring = async (work: () => Promise<unknown>) => {
    const before = idp.introspections;
    await work();
    return idp.introspections - before;
  };

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    const { port, listener } = await reservePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    running = await startExampleApp({
      listener,
      imports: [ScopedSkillsModule],
      env: {
        SKILLNEST_INTROSPECTION_URL: idp.introspectionUrl,
        SKILLNEST_INTROSPECTION_CLIENT_ID: 'skillnest',
        SKILLNEST_INTROSPECTION_CLIENT_SECRET: 'client-secret',
        SKILLNEST_RESOURCE_URL: resource,
        SKILLNEST_TOKEN_CACHE_MAX: '2',
        SKILLNEST_TOKEN_REFUSED_CACHE_MAX: String(REFUSED_CACHE_MAX),
        SKILLNEST_INTROSPECTION_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('keeps a good token through 500 random ones, which only churn the bounded refused cache', async () => {
    const good = activeToken('svc-flood');
    expect(await introspectionsDuring(async () => expect((await call(good)).status).toBe(200))).toBe(1);
    const flood = Array.from({ length: 500 }, random);
    for (let start = 0; start < flood.length; start += MAX_IN_FLIGHT) {
      const batch = await Promise.all(flood.slice(start, start + MAX_IN_FLIGHT).map(call));
      expect(batch.map((outcome) => outcome.status)).toEqual(batch.map(() => 401));
    }
    // The good token answers from the cache: no second introspection for it.
    expect(await introspectionsDuring(async () => expect((await call(good)).status).toBe(200))).toBe(0);
    // A recent refusal is remembered (no call); the oldest fell out of the refused cache's bound.
    expect(await introspectionsDuring(async () => expect((await call(flood[flood.length - 1])).status).toBe(401))).toBe(0);
    expect(await introspectionsDuring(async () => expect((await call(flood[0])).status).toBe(401))).toBe(1);
  });

  it('evicts the least recently used verified token when the cache is full, not the oldest', async () => {
    const [first, second, third] = [activeToken('svc-a'), activeToken('svc-b'), activeToken('svc-c')];
    expect(await introspectionsDuring(async () => [await call(first), await call(second)])).toBe(2);
    expect(await introspectionsDuring(() => call(first))).toBe(0); // first is now the most recent
    expect(await introspectionsDuring(() => call(third))).toBe(1); // pushes out second, the least recent
    expect(await introspectionsDuring(() => call(first))).toBe(0);
    expect(await introspectionsDuring(() => call(second))).toBe(1);
  });

  it(`runs at most ${MAX_IN_FLIGHT} introspections at once, one per token, and answers the next 503 with Retry-After`, async () => {
    const release = idp.holdIntrospections();
    const before = idp.introspections;
    const tokens = Array.from({ length: MAX_IN_FLIGHT }, random);
    const held = tokens.map(call);
    try {
      await idp.introspectionsReached(before + MAX_IN_FLIGHT);
      // The same token again joins the call in flight (single flight) rather than taking a slot.
      held.push(call(tokens[0]));
      const refused = await fetch(resource, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${random()}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ error: { code: -32000, message: expect.stringContaining('Too many bearer tokens are being checked') } });
    } finally {
      release();
    }
    expect((await Promise.all(held)).map((outcome) => outcome.status)).toEqual([401, 401, 401, 401, 401]);
    expect(idp.introspections - before).toBe(MAX_IN_FLIGHT);
    // Once the flood has drained, the next token is checked again.
    expect(await introspectionsDuring(async () => expect((await call(random())).status).toBe(401))).toBe(1);
  });

  it('never writes a token to the log', () => {
    expect(running.logs.lines.join('\n')).not.toMatch(/flood-|good-svc/);
  });
});
