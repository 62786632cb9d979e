import { ScopedSkills, ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp, MCP_HEADERS, modernRequest } from '../support/mcp-http';

const STATIC_ANA = 'static-ana-token-0123456789abcdef';
const OPAQUE_ANA = 'opaque-ana-token-0123456789abcdef';

/** One gateway taking static tokens, JWTs and introspected tokens, each with a principal named `ana`. */
describe('caller ids are namespaced by how the caller authenticated', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;
  let resource: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const whoami = async (token: string) => (await callToolOverHttp(resource, 'scoped_public', {}, bearer(token))).result?.content[0].text;

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    const { port, listener } = await reservePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    idp.opaque.set(OPAQUE_ANA, { sub: 'ana', scope: 'incidents:read', aud: resource, exp: Math.floor(Date.now() / 1000) + 600 });
    running = await startExampleApp({
      listener,
      imports: [ScopedSkillsModule],
      env: {
        SKILLNEST_TOKENS: `ana=${STATIC_ANA}[incidents:read]`,
        SKILLNEST_JWKS_URL: idp.jwksUrl,
        SKILLNEST_JWT_ISSUER: idp.issuer,
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

  it('refuses a JWT with neither sub nor client_id: 401 invalid_token saying why', async () => {
    const token = await idp.mint({ scope: 'incidents:read' }, { audience: resource });
    const response = await modernRequest(resource, 'tools/list', {}, bearer(token));
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="The bearer token names no subject: it has neither a 'sub' nor a 'client_id' claim/);
    expect(response.body).toMatchObject({ error: { code: -32001, message: expect.stringContaining('neither a "sub" nor a "client_id" claim') } });
  });

  it('shows each principal with the kind of its credential: static, jwt (with the issuer), introspection', async () => {
    expect(await whoami(STATIC_ANA)).toBe('hello static:ana (incidents:read)');
    expect(await whoami(await idp.mint({ sub: 'ana', scope: 'incidents:read' }, { audience: resource }))).toBe(`hello jwt:${idp.issuer}|ana (incidents:read)`);
    expect(await whoami(OPAQUE_ANA)).toBe('hello introspection:ana (incidents:read)');
    // A token issued to a client itself (client credentials) is that client.
    expect(await whoami(await idp.mint({ client_id: 'ci-runner' }, { audience: resource }))).toBe(`hello jwt:${idp.issuer}|ci-runner (no scopes)`);
  });

  it('gives each principal its own rate budget: the static ana spending hers leaves the JWT ana hers', async () => {
    const jwtAna = await idp.mint({ sub: 'ana' }, { audience: resource });
    for (let i = 0; i < 2; i++) expect((await callToolOverHttp(resource, 'scoped_limited', {}, bearer(STATIC_ANA))).status).toBe(200);
    const refused = await callToolOverHttp(resource, 'scoped_limited', {}, bearer(STATIC_ANA));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.raw)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32000, message: `Rate limit reached for "scoped_limited"; retry in ${refused.headers.get('retry-after')} s.` },
    });
    expect(ScopedSkills.limitedRuns.get('static:ana')).toBe(2); // the refused call never reached the skill
    expect((await callToolOverHttp(resource, 'scoped_limited', {}, bearer(jwtAna))).status).toBe(200);
    expect((await callToolOverHttp(resource, 'scoped_limited', {}, bearer(OPAQUE_ANA))).status).toBe(200);
  });

  it("does not let the JWT ana use the static ana's legacy session", async () => {
    const initialize = await fetch(resource, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...bearer(STATIC_ANA) },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'namespaces-e2e', version: '1' } },
      }),
    });
    const session = initialize.headers.get('mcp-session-id');
    await initialize.text();
    expect(session).toBeTruthy();
    const list = (token: string) =>
      fetch(resource, {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...bearer(token), 'mcp-session-id': session!, 'mcp-protocol-version': '2025-11-25' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
    expect((await list(STATIC_ANA)).status).toBe(200);
    expect((await list(await idp.mint({ sub: 'ana', scope: 'incidents:read' }, { audience: resource }))).status).toBe(404);
    expect((await list(OPAQUE_ANA)).status).toBe(404);
  });
});
