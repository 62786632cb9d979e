import type { AddressInfo } from 'node:net';
import { Injectable, Module } from '@nestjs/common';
import { Tool } from '@skillnest/skills';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { McpGatewayModule } from '@skillnest/gateway';
import { CatalogModule } from '../../src/catalog/catalog.module';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { CaptureLogger } from '../support/capture.logger';
import { MCP_HEADERS, modernRequest, parseMcpBody } from '../support/mcp-http';

/** A tool whose result carries its own `_meta`, which both paths must keep beside the server's identity. */
@Injectable()
class TracedSkills {
  @Tool({ name: 'probe_traced', description: 'Answers with a trace id in _meta' })
  traced() {
    return { content: [{ type: 'text', text: 'traced' }], _meta: { 'example.com/trace': 'abc' } };
  }
}

@Module({ providers: [TracedSkills] })
class TracedModule {}

const gateway = (path: string, fastPath: boolean) =>
  McpGatewayModule.forRoot({ path, fastPath, modules: [CatalogModule, ContextProbeModule, TracedModule], serverInfo: { name: 'equivalence', version: '1.0.0' } });

@Module({ imports: [CatalogModule, ContextProbeModule, TracedModule, gateway('/mcp/fast', true), gateway('/mcp/sdk', false)] })
class EquivalenceModule {}

/**
 * The fast path must answer exactly what the SDK path answers: the same app serves the same
 * skills on two gateways, one with the fast path and one without, and every answer is compared.
 */
describe('the fast path answers exactly as the SDK path', () => {
  let app: NestFastifyApplication;
  let origin: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [EquivalenceModule] })
      .setLogger(new CaptureLogger())
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: new CaptureLogger() });
    await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => app?.close());

  const legacy = async (path: string, method: string, params: Record<string, unknown>) => {
    const response = await fetch(`${origin}${path}`, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', id: 42, method, params }) });
    const raw = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: parseMcpBody(raw), raw };
  };

  it.each([
    ['tools/list', {}],
    ['tools/call', { name: 'catalog_search_services', arguments: { tier: 'tier2' } }],
    ['tools/call', { name: 'catalog_search_services', arguments: { tier: 'gold' } }],
    ['tools/call', { name: 'catalog_dependency_impact', arguments: { service: 'nope-service' } }],
    ['tools/call', { name: 'no_such_tool', arguments: {} }],
    ['tools/call', { name: 'probe_traced', arguments: {} }],
    ['tools/call', { name: 'catalog_search_services', arguments: { tier: 'tier2' }, _meta: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01' } }],
  ])('%s %j: same answer over 2026-07-28 and over stateless 2025', async (method, params) => {
    const fast = await modernRequest(`${origin}/mcp/fast`, method, params);
    const sdk = await modernRequest(`${origin}/mcp/sdk`, method, params);
    expect(fast.status).toBe(sdk.status);
    expect(fast.body).toEqual(sdk.body);
    expect(fast.raw).toBe(sdk.raw);
    const fastLegacy = await legacy('/mcp/fast', method, params);
    const sdkLegacy = await legacy('/mcp/sdk', method, params);
    expect(fastLegacy.status).toBe(sdkLegacy.status);
    expect(fastLegacy.body).toEqual(sdkLegacy.body);
    // Same JSON text; the SDK frames a stateless 2025 answer as one SSE event, the fast path as JSON.
    const payload = (raw: string) =>
      raw
        .split('\n')
        .find((line) => line.startsWith('data: '))
        ?.slice(6) ?? raw;
    expect(payload(fastLegacy.raw)).toBe(payload(sdkLegacy.raw));
  });

  it('answers the 2025 handshake of a light session as the SDK does', async () => {
    const handshake = async (path: string) => {
      const init = await legacy(path, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'eq', version: '1' } });
      return init;
    };
    const fast = await handshake('/mcp/fast');
    const sdk = await handshake('/mcp/sdk');
    expect(fast.status).toBe(200);
    expect(fast.body).toEqual(sdk.body);
    expect((fast.body as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-06-18');
  });

  it('leaves progress, input requests and malformed envelopes to the SDK', async () => {
    // With a progress token the call streams notifications: an SSE answer, from the SDK.
    const response = await fetch(`${origin}/mcp/fast`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'probe_progress' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'probe_progress',
          arguments: {},
          _meta: { progressToken: 'p1', 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
        },
      }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(text).toContain('notifications/progress');

    const mismatch = await modernRequest(`${origin}/mcp/fast`, 'tools/call', { name: 'catalog_search_services', arguments: {} }, { 'mcp-name': 'other_tool' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toMatchObject({ error: { code: -32020 } });
  });
});
