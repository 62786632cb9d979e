import { setTimeout as delay } from 'node:timers/promises';
import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { freePort } from '../support/app-process';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp } from '../support/mcp-http';

/** SKILLNEST_TOKEN_CACHE_MS of the gateway under test: how long a verified JWT is reused at most. */
const BOUND_MS = 5_000;

/**
 * The verified-token cache on JWTs, seen from outside. Whether a request verified its token again
 * is told without timing: a token whose signing key has left the issuer's JWKS (and the gateway
 * has fetched the key set since) only passes when it is not verified again.
 */
describe('verified JWTs are remembered', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;
  let resource: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = (token: string) => callToolOverHttp(resource, 'scoped_public', {}, bearer(token));
  const hello = (sub: string, scopes: string) => `hello jwt:${idp.issuer}|${sub} (${scopes})`;
  /** A fresh key, a token signed with it, and a first call that verifies the token. */
  const verifiedToken = async (sub: string, expiresIn: string | number = '5m') => {
    const kid = await idp.rotate();
    const token = await idp.mint({ sub, scope: 'incidents:read' }, { audience: resource, kid, expiresIn });
    expect((await call(token)).result?.content[0].text).toBe(hello(sub, 'incidents:read'));
    // Taken once the answer is in: the cache entry was written before it, so it ends before this + the bound.
    return { kid, token, verifiedAt: Date.now() };
  };
  /** Takes `kid` out of the JWKS and makes the gateway fetch the key set again (a token with a new kid does). */
  const retireAndRefetch = async (kid: string) => {
    idp.retire(kid);
    const fetches = idp.jwksFetches;
    const fresh = await idp.mint({ sub: 'refetcher' }, { audience: resource, kid: await idp.rotate() });
    expect((await call(fresh)).status).toBe(200);
    expect(idp.jwksFetches).toBeGreaterThan(fetches);
    // Proof that the gateway's key set no longer has `kid`: a token it never saw, signed with it, is refused.
    const unseen = await idp.mint({ sub: 'unseen' }, { audience: resource, kid });
    expect((await call(unseen)).status).toBe(401);
  };
  /** Waits until the clock has passed `instantMs` (the cache's bound or a token's exp is a point in time, not an event). */
  const untilPast = async (instantMs: number) => {
    while (Date.now() <= instantMs) await delay(instantMs - Date.now() + 20);
  };

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    const port = await freePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    running = await startExampleApp({
      port,
      imports: [ScopedSkillsModule],
      env: {
        SKILLNEST_JWKS_URL: idp.jwksUrl,
        SKILLNEST_JWT_ISSUER: idp.issuer,
        SKILLNEST_RESOURCE_URL: resource,
        SKILLNEST_JWKS_COOLDOWN_MS: '0',
        SKILLNEST_TOKEN_CACHE_MS: String(BOUND_MS),
        SKILLNEST_TOKEN_REFUSED_CACHE_MS: '60000',
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('does not verify a known token again: it passes after its key left the JWKS, as the same caller, until the bound', async () => {
    const { kid, token, verifiedAt } = await verifiedToken('cached');
    await retireAndRefetch(kid);
    const again = await call(token);
    expect(again.status).toBe(200);
    // The caller, its scopes and claims come from the cache unchanged.
    expect(again.result?.content[0].text).toBe(hello('cached', 'incidents:read'));
    // The bound is how a revocation (here: the key's removal) reaches tokens already verified.
    await untilPast(verifiedAt + BOUND_MS);
    expect((await call(token)).status).toBe(401);
  });

  it('remembers a token no longer than its exp, even within the bound', async () => {
    // exp is in whole seconds: two to three seconds from now (room for a slow machine), well inside the 5 s bound.
    const exp = Math.floor(Date.now() / 1000) + 3;
    const { kid, token } = await verifiedToken('short-lived', exp);
    await retireAndRefetch(kid);
    expect((await call(token)).status).toBe(200);
    await untilPast(exp * 1000);
    // Verified again once exp has passed: the key is gone, so it is refused (jose's 30 s clock tolerance aside).
    expect((await call(token)).status).toBe(401);
  });

  it('remembers a refusal: a token of an unknown kid costs one JWKS fetch, not one per request', async () => {
    const kid = await idp.rotate();
    const token = await idp.mint({ sub: 'ghost' }, { audience: resource, kid });
    idp.retire(kid);
    const fetches = idp.jwksFetches;
    for (let attempt = 0; attempt < 3; attempt++) expect((await call(token)).status).toBe(401);
    expect(idp.jwksFetches - fetches).toBe(1);
  });

  it('never remembers an outage: JWKS down is 503, and the same token passes once it is back', async () => {
    const kid = await idp.rotate();
    const token = await idp.mint({ sub: 'patient', scope: 'incidents:read' }, { audience: resource, kid });
    idp.setJwks('down');
    try {
      const down = await call(token);
      expect(down.status).toBe(503);
      expect(down.error).toMatchObject({ code: -32000 });
    } finally {
      idp.setJwks('up');
    }
    expect((await call(token)).result?.content[0].text).toBe(hello('patient', 'incidents:read'));
  });

  it('never writes a token to the log', () => {
    expect(running.logs.lines.join('\n')).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
