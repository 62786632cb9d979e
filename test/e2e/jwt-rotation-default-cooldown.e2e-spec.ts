import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp } from '../support/mcp-http';

const DEFAULT_COOLDOWN_MS = 30_000;

/**
 * Key rotation as deployed, with the default JWKS cooldown (no SKILLNEST_JWKS_COOLDOWN_MS): a
 * token with an unknown `kid` refetches the key set at most once per 30 s, so a flood of made-up
 * kids cannot hammer the identity provider, and a rotated key is picked up once the cooldown is
 * over. The process's clock is moved forward (jose reads Date.now) instead of waiting 30 s.
 */
describe('JWT key rotation with the default JWKS cooldown', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;
  let resource: string;
  let offsetMs = 0;
  const realNow = Date.now.bind(Date);
  const whoami = async (token: string) => callToolOverHttp(resource, 'scoped_public', {}, { authorization: `Bearer ${token}` });
  const mint = (sub: string, kid?: string) => idp.mint({ sub, scope: 'incidents:read' }, { audience: resource, ...(kid ? { kid } : {}) });

  beforeAll(async () => {
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
    idp = await FakeIdentityProvider.start();
    const { port, listener } = await reservePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    running = await startExampleApp({
      listener,
      imports: [ScopedSkillsModule],
      env: { SKILLNEST_JWKS_URL: idp.jwksUrl, SKILLNEST_JWT_ISSUER: idp.issuer, SKILLNEST_RESOURCE_URL: resource },
    });
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
    jest.restoreAllMocks();
  });

  it('refetches for an unknown kid at most once per cooldown, then accepts the rotated key', async () => {
    expect((await whoami(await mint('before-rotation'))).result?.content[0].text).toBe(`hello jwt:${idp.issuer}|before-rotation (incidents:read)`);
    const fetchesAfterFirst = idp.jwksFetches;
    expect(fetchesAfterFirst).toBe(1);

    const kid = await idp.rotate();
    // Within the cooldown: the new kid is not known yet, and no number of tokens makes it refetch.
    for (const sub of ['early-1', 'early-2', 'early-3']) {
      const early = await whoami(await mint(sub, kid));
      expect(early.status).toBe(401);
      expect(early.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    expect(idp.jwksFetches).toBe(fetchesAfterFirst);

    offsetMs += DEFAULT_COOLDOWN_MS + 1_000;
    const late = await whoami(await mint('after-cooldown', kid));
    expect(late.result?.content[0].text).toBe(`hello jwt:${idp.issuer}|after-cooldown (incidents:read)`);
    expect(idp.jwksFetches).toBe(fetchesAfterFirst + 1);
    // Tokens with the old key still pass: rotation publishes both keys for a while.
    expect((await whoami(await mint('old-key'))).status).toBe(200);
  });

  it('answers 503 with Retry-After, never 401, when the JWKS answers with an error while a new kid is looked up', async () => {
    offsetMs += DEFAULT_COOLDOWN_MS + 1_000;
    const kid = await idp.rotate();
    idp.setJwks('down');
    try {
      const refused = await whoami(await mint('during-outage', kid));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(JSON.parse(refused.raw)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'The identity provider cannot be reached to check the token; try again shortly.' },
      });
    } finally {
      idp.setJwks('up');
    }
  });
});
