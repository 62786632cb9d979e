import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { McpFastPath } from '../../libs/gateway/src/mcp/fast-path';
import { DispatchProbeSkills } from '../fixtures/dispatch-probe.module';
import { ADMIN, NOBODY, startOnePathApp } from '../fixtures/one-path-app';
import { modernRequest } from '../support/mcp-http';

const ELICITS = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } };
/** The headers a client acts on; the rest (date, keep-alive) may differ between any two answers. */
const HEADERS_THAT_MATTER = ['content-type', 'www-authenticate', 'retry-after', 'cache-control', 'mcp-session-id'];

/**
 * The fast path against the SDK path on an authenticated gateway with scopes and guards: for
 * every request, which path answered (the fast one answers or hands over, the SDK gateway never
 * runs it), the status, the headers that matter and the raw bytes, and how often the skill ran.
 */
describe('the fast path answers exactly as the SDK path, behind auth, scopes and guards', () => {
  let app: NestFastifyApplication;
  let origin: string;
  const tryHandle = jest.spyOn(McpFastPath.prototype, 'tryHandle');

  beforeAll(async () => {
    ({ app, origin } = await startOnePathApp());
  });
  afterAll(async () => app?.close());
  beforeEach(() => tryHandle.mockClear());

  /** The same request to both gateways: the answers, and whether the fast path answered the first. */
  const both = async (method: string, params: Record<string, unknown>, headers: Record<string, string>) => {
    DispatchProbeSkills.askRuns = 0;
    const fast = await modernRequest(`${origin}/mcp/fast`, method, params, headers);
    const fastRuns = DispatchProbeSkills.askRuns;
    const attempts = tryHandle.mock.results.map((result) => result.value as unknown);
    const answeredFast = attempts.length > 0 && (await attempts[attempts.length - 1]) !== undefined;
    tryHandle.mockClear();
    DispatchProbeSkills.askRuns = 0;
    const sdk = await modernRequest(`${origin}/mcp/sdk`, method, params, headers);
    const sdkAttempts = tryHandle.mock.calls.length;
    return { fast, sdk, answeredFast, sdkAttempts, runs: [fastRuns, DispatchProbeSkills.askRuns] };
  };
  // Each gateway names its own metadata URL; Fastify adds `charset=utf-8` to the fast path's JSON
  // type (a parameter RFC 8259 gives no meaning), so the media type itself is compared.
  const pick = (headers: Headers) =>
    Object.fromEntries(
      HEADERS_THAT_MATTER.map((name) => [name, name === 'content-type' ? headers.get(name)?.split(';')[0] : headers.get(name)?.replace(/\/mcp\/(fast|sdk)/, '/mcp/<gateway>')]),
    );
  const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

  it.each([
    ['tools/list for a caller with every scope', 'tools/list', {}, bearer(ADMIN, { 'x-team': 'ops' }), true],
    ['tools/list for a caller whose guard says no', 'tools/list', {}, bearer(ADMIN, { 'x-team': 'dev' }), true],
    ['tools/list for a caller without scopes', 'tools/list', {}, bearer(NOBODY), true],
    ['a guarded tool the guard lets through', 'tools/call', { name: 'probe_ops_only', arguments: {} }, bearer(ADMIN, { 'x-team': 'ops' }), true],
    ['a guarded tool the guard refuses', 'tools/call', { name: 'probe_ops_only', arguments: {} }, bearer(ADMIN, { 'x-team': 'dev' }), false],
    ['a scoped tool without the scope (403)', 'tools/call', { name: 'probe_scoped_write', arguments: {} }, bearer(NOBODY), false],
    ['a scoped tool with the scope', 'tools/call', { name: 'probe_scoped_write', arguments: {} }, bearer(ADMIN), true],
  ])('%s', async (_case, method, params, headers, fastAnswers) => {
    const { fast, sdk, answeredFast, sdkAttempts } = await both(method, params, headers);
    expect(answeredFast).toBe(fastAnswers);
    expect(sdkAttempts).toBe(0);
    expect(fast.status).toBe(sdk.status);
    expect(pick(fast.headers)).toEqual(pick(sdk.headers));
    expect(fast.raw).toBe(sdk.raw);
  });

  it('answers the 403 of a missing scope with the challenge naming it, on both paths', async () => {
    const { fast } = await both('tools/call', { name: 'probe_scoped_write', arguments: {} }, bearer(NOBODY));
    expect(fast.status).toBe(403);
    expect(fast.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope", .*scope="probe:write"/);
  });

  it('runs a skill that elicits once per round on each path, the fast path answering input_required itself', async () => {
    const { fast, sdk, answeredFast, runs } = await both('tools/call', { name: 'probe_counted_ask', arguments: {}, _meta: ELICITS }, bearer(ADMIN));
    expect(answeredFast).toBe(true);
    expect(runs).toEqual([1, 1]);
    expect((fast.body as { result: { resultType: string } }).result.resultType).toBe('input_required');
    expect(fast.status).toBe(sdk.status);
    // The signed request state differs (it carries a fresh expiry); the rest is the same.
    const unsigned = (body: unknown) => JSON.stringify(body).replace(/"requestState":"[^"]+"/, '"requestState":"…"');
    expect(unsigned(fast.body)).toBe(unsigned(sdk.body));
  });
});
