import { randomBytes } from 'node:crypto';
import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp } from '../support/mcp-http';

const SHORT_MS = 800;

/**
 * How long an introspection answer is reused: a verified token for SKILLNEST_TOKEN_CACHE_MS but
 * never past its `exp`, a refused one for SKILLNEST_TOKEN_REFUSED_CACHE_MS (negative caching).
 * Expiry is the subject here, so the specs poll for it, bounded, and check it was not early.
 */
describe('introspection cache lifetimes', () => {
  let idp: FakeIdentityProvider;
  const gateways: Record<'short' | 'long', { running: RunningApp; resource: string }> = {} as never;
  const token = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;
  const activate = (value: string, resource: string, expSec = Math.floor(Date.now() / 1000) + 600) =>
    idp.opaque.set(value, { sub: 'svc-cache', scope: 'incidents:read', aud: resource, exp: expSec });
  const status = async (which: 'short' | 'long', value: string) =>
    (await callToolOverHttp(gateways[which].resource, 'scoped_public', {}, { authorization: `Bearer ${value}` })).status;
  /** Calls until `done` holds (every 50 ms, at most `timeoutMs`), returning how long it took. */
  const pollUntil = async (done: () => Promise<boolean>, what: string, timeoutMs = 10_000) => {
    const started = Date.now();
    while (!(await done())) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Date.now() - started;
  };

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    const start = async (ageMs: number) => {
      const { port, listener } = await reservePort();
      const resource = `http://127.0.0.1:${port}/mcp`;
      const introspection = {
        SKILLNEST_INTROSPECTION_URL: idp.introspectionUrl,
        SKILLNEST_INTROSPECTION_CLIENT_ID: 'skillnest',
        SKILLNEST_INTROSPECTION_CLIENT_SECRET: 'client-secret',
      };
      const env = { ...introspection, SKILLNEST_RESOURCE_URL: resource, SKILLNEST_TOKEN_CACHE_MS: String(ageMs), SKILLNEST_TOKEN_REFUSED_CACHE_MS: String(ageMs) };
      return { running: await startExampleApp({ listener, imports: [ScopedSkillsModule], env }), resource };
    };
    gateways.short = await start(SHORT_MS);
    gateways.long = await start(600_000);
  });
  afterAll(async () => {
    await gateways.short?.running.close();
    await gateways.long?.running.close();
    await idp?.close();
  });

  it('asks again once a verified answer is older than SKILLNEST_TOKEN_CACHE_MS, not before', async () => {
    const value = token('ttl');
    activate(value, gateways.short.resource);
    const before = idp.introspections;
    expect(await status('short', value)).toBe(200);
    const cachedAt = Date.now();
    expect(idp.introspections - before).toBe(1);
    await pollUntil(async () => (await status('short', value)) === 200 && idp.introspections - before === 2, 'a second introspection');
    expect(Date.now() - cachedAt).toBeGreaterThanOrEqual(SHORT_MS - 50);
  });

  it("never serves a verified answer past the token's exp, whatever the cache age allows", async () => {
    const value = token('exp');
    activate(value, gateways.long.resource, Math.floor(Date.now() / 1000) + 2);
    expect(await status('long', value)).toBe(200);
    // The cache would keep it for 10 minutes; its exp, at most 2 s away, ends it first.
    await pollUntil(async () => (await status('long', value)) === 401, 'the token to be refused after its exp', 5_000);
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(idp.opaque.get(value)!.exp as number);
  });

  it('remembers a refused token for SKILLNEST_TOKEN_REFUSED_CACHE_MS: no new introspection, even once the provider would accept it', async () => {
    const value = token('refused');
    const before = idp.introspections;
    expect(await status('short', value)).toBe(401);
    const refusedAt = Date.now();
    activate(value, gateways.short.resource);
    expect(await status('short', value)).toBe(401);
    expect(idp.introspections - before).toBe(1);
    await pollUntil(async () => (await status('short', value)) === 200, 'the refusal to expire');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(SHORT_MS - 50);
    expect(idp.introspections - before).toBe(2);
  });
});
