import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS } from '../support/mcp-http';

const CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
const VERSION = 'io.modelcontextprotocol/protocolVersion';

/** A 2026-07-28 request as someone writes it by hand, with whatever parts they remembered. */
async function handWritten(app: RunningApp, headers: Record<string, string>, params: Record<string, unknown>) {
  const response = await fetch(app.mcpUrl, {
    method: 'POST',
    headers: { ...MCP_HEADERS, 'mcp-protocol-version': '2026-07-28', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'catalog_search_services', arguments: { query: 'pay' }, ...params } }),
  });
  return { status: response.status, body: (await response.json()) as { id?: unknown; error?: { code: number; message: string; data?: unknown }; result?: unknown } };
}

describe('a 2026-07-28 request written by hand', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startExampleApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names every missing part at once: the _meta keys and the headers', async () => {
    const answer = await handWritten(app, {}, {});
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32602,
        message: `Invalid request for protocol revision 2026-07-28: missing params._meta keys "${VERSION}", "${CAPABILITIES}"; and headers "Mcp-Method: tools/call", "Mcp-Name: catalog_search_services".`,
        data: { missing: { meta: [VERSION, CAPABILITIES], headers: ['Mcp-Method', 'Mcp-Name'] } },
      },
    });
  });

  it('with the envelope complete, names both missing headers as a header mismatch (-32020)', async () => {
    const answer = await handWritten(app, {}, { _meta: { [VERSION]: '2026-07-28', [CAPABILITIES]: {} } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: -32020,
      message: 'Invalid request for protocol revision 2026-07-28: missing headers "Mcp-Method: tools/call", "Mcp-Name: catalog_search_services".',
      data: { missing: { meta: [], headers: ['Mcp-Method', 'Mcp-Name'] } },
    });
  });

  it('leaves a single missing part to the protocol layer, which names it', async () => {
    const answer = await handWritten(app, { 'mcp-method': 'tools/call', 'mcp-name': 'catalog_search_services' }, { _meta: { [VERSION]: '2026-07-28' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: -32602, message: expect.stringContaining(CAPABILITIES) });
  });

  it('answers once every part is there', async () => {
    const answer = await handWritten(app, { 'mcp-method': 'tools/call', 'mcp-name': 'catalog_search_services' }, { _meta: { [VERSION]: '2026-07-28', [CAPABILITIES]: {} } });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ structuredContent: { services: expect.arrayContaining([expect.objectContaining({ name: 'checkout-api' })]) } });
  });
});
