import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { McpGatewayModule } from '@skillnest/gateway';
import { CatalogModule } from '../../src/catalog/catalog.module';
import { ProbeSkillsModule } from '../fixtures/probe-skills.module';
import { CaptureLogger } from '../support/capture.logger';
import { jsonRpcRefusal, parseBearerChallenge } from '../support/bearer-challenge';
import { connectClient } from '../support/mcp-clients';
import { callToolOverHttp, parseMcpBody } from '../support/mcp-http';

@Module({
  imports: [
    CatalogModule,
    ProbeSkillsModule,
    McpGatewayModule.forRoot({
      path: '/mcp/ops',
      modules: [ProbeSkillsModule],
      tokens: ['ops-token-000000000000000000'],
      serverInfo: { name: 'ops-gateway', version: '1.0.0' },
      instructions: 'Operations tools.',
    }),
    McpGatewayModule.forRoot({
      path: '/mcp/public',
      modules: [CatalogModule],
      tokens: ['public-token-0000000000000000'],
      serverInfo: { name: 'public-gateway', version: '1.0.0' },
      instructions: 'The service catalog, read-only.',
    }),
  ],
})
class TwoGatewaysModule {}

describe('several gateways in one app', () => {
  let app: NestFastifyApplication;
  let origin: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TwoGatewaysModule] })
      .setLogger(new CaptureLogger())
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: new CaptureLogger() });
    await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => app?.close());

  it('serves each gateway its own modules, name and instructions', async () => {
    const ops = await connectClient('v2 legacy', new URL('/mcp/ops', origin), 'ops-token-000000000000000000');
    const pub = await connectClient('v2 legacy', new URL('/mcp/public', origin), 'public-token-0000000000000000');
    expect((await ops.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['probe_crash', 'probe_strict', 'probe_whoami']);
    expect((await pub.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['catalog_dependency_impact', 'catalog_search_services']);
    await ops.client.close();
    await pub.client.close();
  });

  it("never lets a request to one gateway reach another's skills", async () => {
    const crossed = await callToolOverHttp(`${origin}/mcp/public`, 'probe_whoami', {}, { authorization: 'Bearer public-token-0000000000000000' });
    expect(crossed.error).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool "probe_whoami"') });
    const wrongToken = await callToolOverHttp(`${origin}/mcp/public`, 'catalog_search_services', {}, { authorization: 'Bearer ops-token-000000000000000000' });
    expect(wrongToken.status).toBe(401);
    // No resource URL is configured, so the challenge names no metadata document.
    expect(parseBearerChallenge(wrongToken.headers.get('www-authenticate'))).toEqual({
      error: 'invalid_token',
      error_description: 'The bearer token is not valid for this server (unknown, expired, or issued for another resource).',
    });
    expect(JSON.parse(wrongToken.raw)).toEqual(jsonRpcRefusal(-32001, 'The bearer token is not valid for this server'));
  });

  it('answers initialize with each gateway name', async () => {
    const init = async (path: string, token: string) => {
      const response = await fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
        }),
      });
      return (parseMcpBody(await response.text()) as { result: Record<string, unknown> }).result;
    };
    expect(await init('/mcp/ops', 'ops-token-000000000000000000')).toMatchObject({ serverInfo: { name: 'ops-gateway' }, instructions: 'Operations tools.' });
    expect(await init('/mcp/public', 'public-token-0000000000000000')).toMatchObject({ serverInfo: { name: 'public-gateway' }, instructions: 'The service catalog, read-only.' });
  });
});
