import type { TestingModule } from '@nestjs/testing';
import type { FastifyRequest } from 'fastify';
import { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/server';
import { SkillCatalog } from '@skillnest/gateway';
import { ANONYMOUS_CALLER, type SkillCaller } from '@skillnest/skills';
import { CallCancellation, isThenable } from '@skillnest/skills/internal';
import { McpFastPath } from '../../../libs/gateway/src/mcp/fast-path';
import { GuardedModule, OpenModule, ScopeOnlyModule } from '../../fixtures/access-probe.module';
import { gatewayUnderTest } from '../../fixtures/gateway-under-test';

const MODERN = '2026-07-28';
const ACCEPT = 'application/json, text/event-stream';
const ENVELOPE = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
const SERVER_META = '"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"fast-spec","version":"3.2.1"}}';

interface FakeRequest {
  method: string;
  body: unknown;
  headers: Record<string, unknown>;
  user?: SkillCaller;
}
type Params = Record<string, unknown> & { _meta?: Record<string, unknown> };

/** A 2026-07-28 request as the official client sends it: headers and `_meta` envelope. */
const modern = (method: string, params: Params = {}, headers: Record<string, unknown> = {}, id: unknown = 1): FakeRequest => ({
  method: 'POST',
  headers: { accept: ACCEPT, 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(typeof params.name === 'string' ? { 'mcp-name': params.name } : {}), ...headers },
  body: { jsonrpc: '2.0', id, method, params: { ...params, _meta: { ...ENVELOPE, ...params._meta } } },
});
/** A plain stateless 2025 request: no envelope, no protocol header unless given. */
const legacy = (method: string, params: Params = {}, headers: Record<string, unknown> = {}, id: unknown = 1): FakeRequest => ({
  method: 'POST',
  headers: { accept: ACCEPT, ...headers },
  body: { jsonrpc: '2.0', id, method, params },
});
const signedIn = (user: SkillCaller, request: FakeRequest): FakeRequest => ({ ...request, user });
const caller = (id: string, ...scopes: string[]): SkillCaller => ({ id, authenticated: true, scopes, claims: {} });

describe('McpFastPath', () => {
  let open: TestingModule;
  let scoped: TestingModule;
  const serverInfo = { name: 'fast-spec', version: '3.2.1' };
  beforeAll(async () => {
    open = await gatewayUnderTest({ modules: [OpenModule], serverInfo });
    scoped = await gatewayUnderTest({ modules: [OpenModule, ScopeOnlyModule, GuardedModule], serverInfo, pageSize: 7 });
  });
  afterAll(async () => Promise.all([open?.close(), scoped?.close()]));

  const handle = (moduleRef: TestingModule, request: FakeRequest) => moduleRef.get(McpFastPath).tryHandle(request as unknown as FastifyRequest, new CallCancellation());
  const body = async (moduleRef: TestingModule, request: FakeRequest) => JSON.parse((await handle(moduleRef, request))!.body!);

  describe('hands to the SDK (undefined)', () => {
    const call = (extra: Params = {}, headers: Record<string, unknown> = {}) => modern('tools/call', { name: 'open_sync', arguments: {}, ...extra }, headers);
    const withBody = (request: FakeRequest, patch: Record<string, unknown>) => ({ ...request, body: { ...(request.body as object), ...patch } });
    it('(but answers the unaltered requests each case below departs from)', () => {
      expect(handle(open, call())).toMatchObject({ status: 200 });
      expect(handle(open, legacy('tools/call', { name: 'open_sync' }))).toMatchObject({ status: 200 });
    });
    it.each<[string, FakeRequest]>([
      ['a GET', { ...call(), method: 'GET' }],
      ['a body that is not JSON-RPC 2.0', withBody(call(), { jsonrpc: '1.0' })],
      ['an id that parsed to Infinity (1e400)', withBody(call(), JSON.parse('{"id":1e400}'))],
      ['an id that is no integer (0.5)', withBody(call(), { id: 0.5 })],
      ['a null id', withBody(call(), { id: null })],
      ['another method (prompts/list)', modern('prompts/list')],
      ['no Accept header', call({}, { accept: undefined })],
      ['an Accept without text/event-stream', call({}, { accept: 'application/json' })],
      ['no Mcp-Method header', call({}, { 'mcp-method': undefined })],
      ['an Mcp-Method header naming another method', call({}, { 'mcp-method': 'tools/list' })],
      ['an Mcp-Name header naming another tool', call({}, { 'mcp-name': 'open_async' })],
      ['an unknown params key on tools/call', call({ task: { ttl: 1 } })],
      ['a cursor on tools/list', modern('tools/list', { cursor: 'MA' })],
      ['a progress token in _meta', call({ _meta: { progressToken: 'p1' } })],
      ['a log level in _meta', call({ _meta: { [LOG_LEVEL_META_KEY]: 'debug' } })],
      ['an envelope of another protocol version', call({ _meta: { 'io.modelcontextprotocol/protocolVersion': '2025-11-25' } })],
      ['an envelope without client capabilities', call({ _meta: { 'io.modelcontextprotocol/clientCapabilities': undefined } })],
      ['client info without a version', call({ _meta: { 'io.modelcontextprotocol/clientInfo': { name: 'x' } } })],
      ['a 2025 request that carries _meta', legacy('tools/call', { name: 'open_sync', _meta: { progressToken: 1 } })],
      ['a protocol version it does not serve', legacy('tools/call', { name: 'open_sync' }, { 'mcp-protocol-version': '2099-01-01' })],
      ['a session id it did not issue', legacy('tools/call', { name: 'open_sync' }, { 'mcp-session-id': 'made-up' })],
      ['arguments that are not an object', legacy('tools/call', { name: 'open_sync', arguments: ['a'] })],
      ['an unknown tool', call({ name: 'no_such_tool' }, { 'mcp-name': 'no_such_tool' })],
    ])('%s', async (_case, request) => {
      await expect(Promise.resolve(handle(open, request))).resolves.toBeUndefined();
    });

    it('a tool the caller lacks the scope for, or whose guard refuses', async () => {
      expect(handle(scoped, signedIn(caller('guest'), modern('tools/call', { name: 'acc_read', arguments: {} })))).toBeUndefined();
      await expect(handle(scoped, signedIn(caller('guest'), modern('tools/call', { name: 'acc_team', arguments: {} }, { 'x-team': 'dev' })))).resolves.toBeUndefined();
    });

    it('a list longer than one page (the SDK paginates)', async () => {
      // The local caller holds every scope, and x-team: ops opens the guarded tools: 10 tools, pages of 7.
      await expect(handle(scoped, signedIn(ANONYMOUS_CALLER, modern('tools/list', {}, { 'x-team': 'ops' })))).resolves.toBeUndefined();
    });
  });

  describe('answers', () => {
    it('tools/list on 2026-07-28 with the exact envelope: public hints, server info, the id echoed', async () => {
      const tools = open.get(SkillCatalog).current.tools;
      expect(tools.map((tool) => tool.name)).toEqual(['open_sync', 'open_async', 'open_ask']);
      const answer = await handle(open, modern('tools/list', {}, {}, 7));
      expect(answer).toEqual({
        status: 200,
        body: `{"result":{"tools":${JSON.stringify(tools)},"resultType":"complete","ttlMs":60000,"cacheScope":"public",${SERVER_META}},"jsonrpc":"2.0","id":7}`,
      });
    });

    it('tools/call of a synchronous skill synchronously, echoing a string id', () => {
      const answer = handle(open, modern('tools/call', { name: 'open_sync', arguments: {} }, { 'mcp-method': ' tools/call ' }, 'req-1'));
      expect(isThenable(answer)).toBe(false);
      expect(answer).toEqual({
        status: 200,
        body: `{"result":{"content":[{"type":"text","text":"sync answer"}],"resultType":"complete",${SERVER_META}},"jsonrpc":"2.0","id":"req-1"}`,
      });
    });

    it('tools/call whose _meta carries W3C trace context, on 2026-07-28 and on 2025 (the trace span reads it)', () => {
      const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01', tracestate: 'vendor=x', baggage: 'tenant=a' };
      expect(handle(open, modern('tools/call', { name: 'open_sync', arguments: {}, _meta: trace }))).toMatchObject({ status: 200 });
      expect(handle(open, legacy('tools/call', { name: 'open_sync', _meta: trace }))).toEqual({
        status: 200,
        body: '{"result":{"content":[{"type":"text","text":"sync answer"}]},"jsonrpc":"2.0","id":1}',
      });
    });

    it('tools/call of an asynchronous skill, and invalid arguments as the isError result', async () => {
      const id = Number.MAX_SAFE_INTEGER;
      expect(await handle(open, modern('tools/call', { name: 'open_async', arguments: { message: 'hi' } }, {}, id))).toEqual({
        status: 200,
        body: `{"result":{"content":[{"type":"text","text":"HI"}],"resultType":"complete",${SERVER_META}},"jsonrpc":"2.0","id":${id}}`,
      });
      const invalid = await body(open, modern('tools/call', { name: 'open_async', arguments: { message: 42 } }));
      expect(invalid.result).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('message') }], resultType: 'complete' });
    });

    it('plain stateless 2025 requests without any 2026 addition, with or without the version header', async () => {
      const tools = open.get(SkillCatalog).current.tools;
      expect(handle(open, legacy('tools/call', { name: 'open_sync' }, {}, 3))).toEqual({
        status: 200,
        body: '{"result":{"content":[{"type":"text","text":"sync answer"}]},"jsonrpc":"2.0","id":3}',
      });
      expect(await handle(open, legacy('tools/list', undefined, { 'mcp-protocol-version': '2025-06-18' }, 'l'))).toEqual({
        status: 200,
        body: `{"result":{"tools":${JSON.stringify(tools)}},"jsonrpc":"2.0","id":"l"}`,
      });
    });

    it('a skill that asks for input: input_required, -32021 without the capability, an isError result on 2025', async () => {
      const elicits = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } };
      const asked = await body(open, modern('tools/call', { name: 'open_ask', arguments: {}, _meta: elicits }));
      expect(asked.result).toMatchObject({ resultType: 'input_required', inputRequests: { sure: { method: 'elicitation/create' } }, requestState: expect.any(String) });
      expect(asked.result._meta).toEqual({ 'io.modelcontextprotocol/serverInfo': serverInfo });

      const incapable = await handle(open, modern('tools/call', { name: 'open_ask', arguments: {} }, {}, 9));
      expect(incapable?.status).toBe(400);
      expect(JSON.parse(incapable!.body!)).toMatchObject({ id: 9, error: { code: -32021, data: { requiredCapabilities: { elicitation: { form: {} } } } } });

      const old = await body(open, legacy('tools/call', { name: 'open_ask' }));
      expect(old.result).toEqual({ isError: true, content: [{ type: 'text', text: expect.stringContaining("Cannot request input 'sure' (elicitation/create)") }] });
    });

    it("tools/list filtered for the caller, with private hints, and the request's headers for the guards", async () => {
      const names = async (request: FakeRequest) => (await body(scoped, request)).result.tools.map((tool: { name: string }) => tool.name);
      const listed = await body(scoped, signedIn(caller('guest'), modern('tools/list')));
      expect(Object.keys(listed.result)).toEqual(['tools', 'resultType', 'ttlMs', 'cacheScope', '_meta']);
      expect(listed.result).toMatchObject({ ttlMs: 60_000, cacheScope: 'private' });
      expect(listed.result.tools.map((tool: { name: string }) => tool.name)).toEqual(['open_sync', 'open_async', 'open_ask', 'acc_open', 'acc_public']);
      expect(await names(signedIn(caller('guest'), modern('tools/list', {}, { 'x-team': 'ops' })))).toEqual([
        'open_sync',
        'open_async',
        'open_ask',
        'acc_open',
        'acc_public',
        'acc_team',
        'acc_public_team',
      ]);
    });

    it('tools/call of a scoped tool for a caller holding the scope', async () => {
      const answer = handle(scoped, signedIn(caller('reader', 'acc:read'), legacy('tools/call', { name: 'acc_read' })));
      expect(answer).toEqual({ status: 200, body: '{"result":{"content":[{"type":"text","text":"read"}]},"jsonrpc":"2.0","id":1}' });
    });
  });
});
