import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { jsonRpcRefusal, parseBearerChallenge } from '../support/bearer-challenge';
import { callToolOverHttp } from '../support/mcp-http';
import { gatewayOptionsFromEnv } from '../../libs/gateway/src/gateway-env.util';
import { createVerifiers } from '../../libs/gateway/src/auth/verifiers.factory';

describe('token introspection (RFC 7662)', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;
  let resource: string;
  const exp = () => Math.floor(Date.now() / 1000) + 600;
  const call = (token: string) => callToolOverHttp(resource, 'scoped_read', {}, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    const { port, listener } = await reservePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    idp.opaque.set('opaque-active-token', { sub: 'svc-reporting', scope: 'incidents:read', aud: resource, exp: exp() });
    running = await startExampleApp({
      listener,
      imports: [ScopedSkillsModule],
      env: {
        SKILLNEST_INTROSPECTION_URL: idp.introspectionUrl,
        SKILLNEST_INTROSPECTION_CLIENT_ID: 'skillnest',
        SKILLNEST_INTROSPECTION_CLIENT_SECRET: 'client-secret',
        SKILLNEST_RESOURCE_URL: resource,
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('accepts an active token and caches the answer briefly', async () => {
    const before = idp.introspections;
    for (let i = 0; i < 3; i++) {
      const outcome = await call('opaque-active-token');
      expect(outcome.result?.content[0].text).toBe('read by introspection:svc-reporting');
    }
    expect(idp.introspections - before).toBe(1);
  });

  it('refuses an inactive token with 401', async () => {
    const outcome = await call('opaque-unknown-token');
    expect(outcome.status).toBe(401);
    expect(parseBearerChallenge(outcome.headers.get('www-authenticate'))).toEqual({
      error: 'invalid_token',
      error_description: 'The bearer token is not valid for this server (unknown, expired, or issued for another resource).',
      resource_metadata: `${new URL(resource).origin}/.well-known/oauth-protected-resource/mcp`,
    });
    expect(JSON.parse(outcome.raw)).toEqual(jsonRpcRefusal(-32001, 'The bearer token is not valid for this server'));
  });

  it('accepts an audience list that names this resource', async () => {
    idp.opaque.set('opaque-two-audiences', { sub: 'svc-two', scope: 'incidents:read', aud: ['https://other.example/api', resource], exp: exp() });
    expect((await call('opaque-two-audiences')).result?.content[0].text).toBe('read by introspection:svc-two');
  });

  it.each([
    ['no aud at all', undefined],
    ['an aud naming another resource', 'https://other.example/mcp'],
    ['an aud list of near misses (another service, this host without its port)', ['https://other.example/mcp', 'http://127.0.0.1/mcp']],
  ])('refuses an active token whose answer has %s with 401 invalid_token', async (_case, aud) => {
    const token = `opaque-audience-${Math.random().toString(36).slice(2)}`;
    idp.opaque.set(token, { sub: 'svc-elsewhere', scope: 'incidents:read', ...(aud === undefined ? {} : { aud }), exp: exp() });
    const outcome = await call(token);
    expect(outcome.status).toBe(401);
    expect(outcome.raw).toContain('not valid for this server');
  });

  it('refuses to start without a resource URL: no audience could be checked', () => {
    const env = { SKILLNEST_INTROSPECTION_URL: idp.introspectionUrl, SKILLNEST_INTROSPECTION_CLIENT_ID: 'skillnest', SKILLNEST_INTROSPECTION_CLIENT_SECRET: 'client-secret' };
    expect(() => createVerifiers(gatewayOptionsFromEnv(env))).toThrow('Token introspection needs the canonical resource URL (SKILLNEST_RESOURCE_URL)');
  });

  it('answers 503 when introspection fails, never letting the token through', async () => {
    idp.introspectionMode = 'down';
    try {
      const outcome = await call('opaque-other-token');
      expect(outcome.status).toBe(503);
      expect(outcome.headers.get('retry-after')).toBe('5');
      expect(outcome.headers.get('www-authenticate')).toBeNull();
      expect(JSON.parse(outcome.raw)).toEqual(jsonRpcRefusal(-32000, 'The identity provider cannot be reached to check the token; try again shortly.'));
    } finally {
      idp.introspectionMode = 'up';
    }
  });
});
