import { SignJWT, UnsecuredJWT } from 'jose';
import { ScopedSkills, ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { jsonRpcRefusal, parseBearerChallenge } from '../support/bearer-challenge';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp, modernRequest } from '../support/mcp-http';

describe('JWT and per-skill authorization', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;
  let resource: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const mint = (claims: Record<string, unknown>, options: Partial<Parameters<FakeIdentityProvider['mint']>[1]> = {}) => idp.mint(claims, { audience: resource, ...options });
  const listTools = async (token: string) => {
    const response = await modernRequest(resource, 'tools/list', {}, bearer(token));
    return { ...response, names: ((response.body?.result as { tools?: Array<{ name: string }> })?.tools ?? []).map((tool) => tool.name) };
  };

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    const { port, listener } = await reservePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    running = await startExampleApp({
      listener,
      imports: [ScopedSkillsModule],
      env: {
        SKILLNEST_JWKS_URL: idp.jwksUrl,
        SKILLNEST_JWT_ISSUER: idp.issuer,
        SKILLNEST_RESOURCE_URL: resource,
        SKILLNEST_AUTH_SERVERS: idp.issuer,
        SKILLNEST_JWKS_COOLDOWN_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('accepts a valid token: the skill sees its subject and scopes, never the token', async () => {
    const token = await mint({ sub: 'ana', scope: 'incidents:read' });
    const outcome = await callToolOverHttp(resource, 'scoped_public', {}, bearer(token));
    expect(outcome.result?.content[0].text).toBe(`hello jwt:${idp.issuer}|ana (incidents:read)`);
    expect(outcome.raw).not.toContain(token);
  });

  it.each([
    ['an expired token', async () => mint({ sub: 'ana', scope: 'incidents:read' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 })],
    ['a token for another audience', async () => mint({ sub: 'ana' }, { audience: 'https://other.example/mcp' })],
    ['a token from another issuer', async () => mint({ sub: 'ana' }, { issuer: 'https://evil.example' })],
    [
      'an unsigned token (alg: none)',
      async () => new UnsecuredJWT({ sub: 'ana', scope: 'incidents:read' }).setIssuer(idp.issuer).setAudience(resource).setExpirationTime('5m').encode(),
    ],
    [
      'an HS256 token keyed with the RSA public key (algorithm confusion)',
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(idp.currentPublicJwk));
        return new SignJWT({ sub: 'ana', scope: 'incidents:read incidents:write' })
          .setProtectedHeader({ alg: 'HS256', kid: idp.currentPublicJwk.kid })
          .setIssuer(idp.issuer)
          .setAudience(resource)
          .setExpirationTime('5m')
          .sign(secret);
      },
    ],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses %s with 401 invalid_token and the metadata challenge', async (_case, makeToken) => {
    const response = await listTools(await makeToken());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", error_description="The bearer token is not valid for this server (unknown, expired, or issued for another resource).", resource_metadata="http://127.0.0.1:${new URL(resource).port}/.well-known/oauth-protected-resource/mcp"`,
    );
  });

  it('follows key rotation: a token signed with a new kid is accepted after the JWKS refetch', async () => {
    const before = idp.jwksFetches;
    const kid = await idp.rotate();
    const token = await mint({ sub: 'rotated', scope: 'incidents:read' }, { kid });
    const outcome = await callToolOverHttp(resource, 'scoped_public', {}, bearer(token));
    expect(outcome.result?.content[0].text).toBe(`hello jwt:${idp.issuer}|rotated (incidents:read)`);
    expect(idp.jwksFetches).toBeGreaterThan(before);
  });

  it('answers 503 within a bounded time when the JWKS cannot be fetched (never a pass)', async () => {
    const kid = await idp.rotate();
    const token = await mint({ sub: 'ana', scope: 'incidents:read' }, { kid });
    idp.setJwks('stall');
    try {
      const started = Date.now();
      const response = await listTools(token);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body).toEqual(jsonRpcRefusal(-32000, 'The identity provider cannot be reached to check the token; try again shortly.'));
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      idp.setJwks('up');
    }
  });

  it('lists only the skills the caller may use, as a private (per-caller) cache entry', async () => {
    const reader = await listTools(await mint({ sub: 'reader', scope: 'incidents:read' }));
    expect(reader.names).toEqual(expect.arrayContaining(['scoped_read', 'scoped_public', 'scoped_limited', 'incident_list']));
    expect(reader.names).not.toContain('scoped_write');
    expect(reader.names).not.toContain('scoped_oncall');
    expect(reader.body?.result).toMatchObject({ cacheScope: 'private' });

    const writer = await listTools(await mint({ sub: 'writer', scope: 'incidents:read incidents:write', oncall: true }));
    expect(writer.names).toEqual(expect.arrayContaining(['scoped_read', 'scoped_write', 'scoped_oncall']));
  });

  it('answers a call without the needed scopes with 403 insufficient_scope naming exactly those scopes', async () => {
    const token = await mint({ sub: 'reader', scope: 'incidents:read' });
    const response = await modernRequest(resource, 'tools/call', { name: 'scoped_write', arguments: {} }, bearer(token));
    expect(response.status).toBe(403);
    const challenge = {
      error: 'insufficient_scope',
      scope: 'incidents:read incidents:write',
      resource_metadata: `${new URL(resource).origin}/.well-known/oauth-protected-resource/mcp`,
    };
    expect(parseBearerChallenge(response.headers.get('www-authenticate'))).toMatchObject(challenge);
    expect(response.body).toEqual({ error: 'insufficient_scope', error_description: 'tool scoped_write needs scope incidents:read incidents:write' });
    const legacy = await callToolOverHttp(resource, 'scoped_write', {}, bearer(token));
    expect(legacy.status).toBe(403);
    expect(parseBearerChallenge(legacy.headers.get('www-authenticate'))).toMatchObject(challenge);
    expect(legacy.result).toBeUndefined();
  });

  it('lets the caller with the scopes call it, and runs Nest guards on the same principal', async () => {
    const token = await mint({ sub: 'writer', scope: 'incidents:read incidents:write', oncall: true });
    expect((await callToolOverHttp(resource, 'scoped_write', {}, bearer(token))).result?.content[0].text).toBe(`written by jwt:${idp.issuer}|writer`);
    expect((await callToolOverHttp(resource, 'scoped_oncall', {}, bearer(token))).result?.content[0].text).toBe('paged');
    const notOnCall = await mint({ sub: 'reader', scope: 'incidents:read' });
    const refused = await callToolOverHttp(resource, 'scoped_oncall', {}, bearer(notOnCall));
    expect(refused.error).toMatchObject({ code: -32602 });
  });

  it('publishes protected-resource metadata with the authorization servers and the scopes in use', async () => {
    const response = await fetch(`http://127.0.0.1:${new URL(resource).port}/.well-known/oauth-protected-resource/mcp`);
    expect(await response.json()).toMatchObject({
      resource,
      authorization_servers: [idp.issuer],
      scopes_supported: expect.arrayContaining(['catalog:read', 'incidents:read', 'incidents:write']),
    });
  });

  it('refuses a token in the query string', async () => {
    const token = await mint({ sub: 'ana' });
    const response = await modernRequest(`${resource}?access_token=${token}`, 'tools/list', {});
    expect(response.status).toBe(400);
    expect(parseBearerChallenge(response.headers.get('www-authenticate'))).toMatchObject({ error: 'invalid_request' });
    expect(response.body).toEqual(jsonRpcRefusal(-32001, 'Access tokens are not accepted in the URL; send them in the Authorization header.'));
    expect(response.raw).not.toContain(token);
  });

  it('limits calls per skill and caller with 429 and Retry-After', async () => {
    const token = await mint({ sub: 'limited-caller', scope: '' });
    expect((await callToolOverHttp(resource, 'scoped_limited', {}, bearer(token))).status).toBe(200);
    expect((await callToolOverHttp(resource, 'scoped_limited', {}, bearer(token))).status).toBe(200);
    const third = await fetch(resource, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...bearer(token) },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'scoped_limited', arguments: {} } }),
    });
    expect(third.status).toBe(429);
    const wait = Number(third.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await third.json()).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: `Rate limit reached for "scoped_limited"; retry in ${wait} s.` } });
    expect(ScopedSkills.limitedRuns.get(`jwt:${idp.issuer}|limited-caller`)).toBe(2);
    // Another caller has its own budget.
    expect((await callToolOverHttp(resource, 'scoped_limited', {}, bearer(await mint({ sub: 'other-caller' })))).status).toBe(200);
  });

  it('never writes a token to the log', async () => {
    const token = await mint({ sub: 'ana' });
    await listTools(token);
    expect(running.logs.lines.join('\n')).not.toContain(token.split('.')[2]);
  });
});
