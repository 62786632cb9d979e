import { CLIENT_KINDS, connectClient } from '../support/mcp-clients';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS, parseMcpBody } from '../support/mcp-http';

const TOKEN = 'invalid-requests-token-0123456789';
const MODERN = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-e2e', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
type Wire = '2025-11-25' | typeof MODERN;
const WIRES: Wire[] = ['2025-11-25', MODERN];
interface Call {
  method: string;
  params: Record<string, unknown>;
}
const INITIALIZE: Call = { method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw-e2e', version: '1.0.0' } } };
/** tools/call and initialize are the fast path's to answer when it can; prompts/list and server/discover always go to the SDK. */
const CALLS: Record<Wire, Call[]> = {
  '2025-11-25': [{ method: 'tools/call', params: { name: 'catalog_search_services', arguments: { owner: 'identity' } } }, { method: 'prompts/list', params: {} }, INITIALIZE],
  [MODERN]: [
    { method: 'tools/call', params: { name: 'catalog_search_services', arguments: { owner: 'identity' } } },
    { method: 'prompts/list', params: {} },
    { method: 'server/discover', params: {} },
  ],
};
const ID_RULE = /id must be a string or an integer/;
/** A key each method's result must have, so that an empty or wrong result does not pass. */
const RESULT_KEY: Record<string, string> = { 'tools/call': 'content', 'prompts/list': 'prompts', initialize: 'protocolVersion', 'server/discover': 'supportedVersions' };

// Item 17 of issue 13: requests the protocol calls invalid were served.
describe('invalid requests', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `caller=${TOKEN}` } });
  });
  afterAll(async () => running?.close());

  /** One request on a wire, its id written into the JSON as given (so `1e400` stays what the client sent). */
  async function send(wire: Wire, call: Call, rawId: string, headers: Record<string, string> = {}) {
    const modern = wire === MODERN;
    const params = modern ? { ...call.params, _meta: ENVELOPE } : call.params;
    const body = JSON.stringify({ jsonrpc: '2.0', id: '__ID__', method: call.method, params }).replace('"__ID__"', rawId);
    const name: Record<string, string> = typeof call.params.name === 'string' ? { 'mcp-name': call.params.name } : {};
    const response = await fetch(running.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, 'mcp-protocol-version': wire, ...(modern ? { 'mcp-method': call.method, ...name } : {}), ...headers },
      body,
    });
    const raw = await response.text();
    return {
      status: response.status,
      session: response.headers.get('mcp-session-id'),
      raw,
      body: parseMcpBody(raw) as { id?: unknown; result?: unknown; error?: { code: number; message: string } } | undefined,
    };
  }

  describe('JSON-RPC ids: strings or integers only', () => {
    const refused = ['1.5', 'null', 'true', '{"n":1}', '[1]', '1e400', '9007199254740993', '-0.25'];
    const served: Array<[string, unknown]> = [
      ['"abc"', 'abc'],
      ['""', ''],
      ['0', 0],
      ['-7', -7],
      ['9007199254740991', 9007199254740991],
      ['1e3', 1000],
    ];

    for (const wire of WIRES) {
      for (const call of CALLS[wire]) {
        it(`refuses ids that are no string or integer with 400 -32600 naming the rule (${wire}, ${call.method})`, async () => {
          for (const id of refused) {
            const answer = await send(wire, call, id);
            expect({ id, status: answer.status }).toEqual({ id, status: 400 });
            expect(answer.body).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(ID_RULE) } });
          }
        });

        it(`serves string and integer ids, echoing them (${wire}, ${call.method})`, async () => {
          for (const [raw, id] of served) {
            const answer = await send(wire, call, raw);
            expect({ raw, status: answer.status, id: answer.body?.id }).toEqual({ raw, status: 200, id });
            expect(Object.keys(answer.body?.result ?? {})).toContain(RESULT_KEY[call.method]);
          }
        });
      }
    }

    it('refuses them inside a legacy session too', async () => {
      const capabilities = { elicitation: {} }; // a client that can be asked for input gets a full session
      const opened = await send('2025-11-25', { ...INITIALIZE, params: { ...INITIALIZE.params, capabilities } }, '1');
      expect(opened.status).toBe(200);
      expect(opened.session).toEqual(expect.any(String));
      const answer = await send('2025-11-25', { method: 'tools/list', params: {} }, '1.5', { 'mcp-session-id': opened.session! });
      expect(answer.status).toBe(400);
      expect(answer.body?.error).toEqual({ code: -32600, message: expect.stringMatching(ID_RULE) });
    });

    it('still takes notifications, which carry no id', async () => {
      const response = await fetch(running.mcpUrl, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, 'mcp-protocol-version': '2025-11-25' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      });
      expect(response.status).toBe(202);
    });
  });

  describe('Accept: both application/json and text/event-stream, on every wire', () => {
    const NOT_ACCEPTABLE = { code: -32000, message: 'Not Acceptable: Client must accept both application/json and text/event-stream' };
    const refused = ['text/html', 'junk', '*/*', 'application/json', 'text/event-stream', 'application/*, text/*'];
    const served = ['application/json, text/event-stream', 'text/event-stream;q=0.9, application/json'];

    for (const wire of WIRES) {
      for (const call of CALLS[wire].slice(0, 2)) {
        it(`refuses a POST that does not accept both with 406 and the SDK's JSON-RPC error (${wire}, ${call.method})`, async () => {
          for (const accept of refused) {
            const answer = await send(wire, call, '1', { accept });
            expect({ accept, status: answer.status }).toEqual({ accept, status: 406 });
            expect(answer.body).toEqual({ jsonrpc: '2.0', id: null, error: NOT_ACCEPTABLE });
          }
        });

        it(`serves a POST that accepts both, in any order (${wire}, ${call.method})`, async () => {
          for (const accept of served) expect({ accept, status: (await send(wire, call, '1', { accept })).status }).toEqual({ accept, status: 200 });
        });
      }
    }

    it('still answers a missing token with 401 first', async () => {
      const response = await fetch(running.mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/html' }, body: '{}' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="Missing bearer token/);
      expect(await response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.stringMatching(/^Missing bearer token/) } });
    });
  });

  it.each(CLIENT_KINDS)('official client %s still lists and calls tools', async (kind) => {
    const { client } = await connectClient(kind, running.mcpUrl, TOKEN);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('catalog_search_services');
    const result = await client.callTool({ name: 'catalog_search_services', arguments: { owner: 'identity' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ total: 2 });
    await client.close();
  });
});
