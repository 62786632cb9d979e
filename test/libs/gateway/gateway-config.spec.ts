import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { GatewayConfig, GatewayConfigError, McpGatewayModule, McpGatewayRegistrar } from '@skillnest/gateway';
import { CallCancellation } from '@skillnest/skills/internal';
import { McpFastPath } from '../../../libs/gateway/src/mcp/fast-path';
import { OpenModule, ScopeOnlyModule } from '../../fixtures/access-probe.module';
import { CaptureLogger } from '../../support/capture.logger';

const packageVersion = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
const EPHEMERAL_WARNING = /No SKILLNEST_STATE_KEY: multi-round input requests are sealed with a per-process key/;

/** A gateway module (no HTTP) built with Nest's DI from these `forRoot`/`forRootAsync` options. */
async function compiled(gateway: ReturnType<typeof McpGatewayModule.forRoot>) {
  const logger = new CaptureLogger();
  const moduleRef = await Test.createTestingModule({ imports: [OpenModule, gateway] })
    .overrideProvider(McpGatewayRegistrar)
    .useValue({})
    .setLogger(logger)
    .compile();
  await moduleRef.init();
  return { moduleRef, logger, config: moduleRef.get(GatewayConfig) };
}

/** A plain stateless `tools/list`, as the fast path of that gateway answers it. */
const listedFast = (moduleRef: TestingModule) =>
  moduleRef
    .get(McpFastPath)
    .tryHandle(
      { method: 'POST', headers: { accept: 'application/json, text/event-stream' }, body: { jsonrpc: '2.0', id: 1, method: 'tools/list' } } as never,
      new CallCancellation(),
    );

describe('GatewayConfig', () => {
  it('resolves every default once, for all the providers of the gateway', async () => {
    const { moduleRef, logger, config } = await compiled(McpGatewayModule.forRoot());
    try {
      expect(config).toMatchObject({
        path: '/mcp',
        serverInfo: { name: 'skillnest', version: packageVersion },
        maxBodyBytes: 4 * 1024 * 1024,
        drainTimeoutMs: 10_000,
        defaultTimeoutMs: 60_000,
        pageSize: 100,
        fastPath: true,
        sessions: { maxSessions: 10_000, idleTimeoutMs: 30 * 60_000 },
        allowedOrigins: [],
        previousRequestStateKeys: [],
        requestStateTtlMs: 10 * 60_000,
      });
      expect(config.modules).toBeUndefined();
      // A random 32-byte key, and one warning for the whole gateway however many providers read it.
      expect(config.requestStateKey).toBeInstanceOf(Uint8Array);
      expect((config.requestStateKey as Uint8Array).byteLength).toBe(32);
      expect(logger.lines.filter((line) => EPHEMERAL_WARNING.test(line))).toEqual([expect.stringMatching(/^warn /)]);
      expect(moduleRef.get(GatewayConfig)).toBe(config);
      // Pages of 100: the fast path answers the three tools of the gateway in one list.
      expect(listedFast(moduleRef)).toMatchObject({ status: 200 });
    } finally {
      await moduleRef.close();
    }
  });

  it('draws a fresh ephemeral key for each gateway', () => {
    const first = new GatewayConfig({}).requestStateKey as Uint8Array;
    const second = new GatewayConfig({}).requestStateKey as Uint8Array;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
  });

  it('lets every option override its default', async () => {
    const key = 'a-shared-state-key-of-32-bytes!!';
    const { moduleRef, logger, config } = await compiled(
      McpGatewayModule.forRoot({
        path: '/tools/mcp',
        serverInfo: { name: 'ops', version: '2.0.0', title: 'Ops tools' },
        maxBodyBytes: 1024,
        drainTimeoutMs: 500,
        defaultTimeoutMs: 1_500,
        pageSize: 2,
        fastPath: false,
        legacySessions: { maxSessions: 3, idleTimeoutMs: 1_000 },
        modules: [OpenModule, ScopeOnlyModule, OpenModule],
        allowedOrigins: ['https://app.example.com'],
        requestStateKey: key,
      }),
    );
    try {
      expect(config).toMatchObject({
        path: '/tools/mcp',
        serverInfo: { name: 'ops', version: '2.0.0', title: 'Ops tools' },
        maxBodyBytes: 1024,
        drainTimeoutMs: 500,
        defaultTimeoutMs: 1_500,
        pageSize: 2,
        fastPath: false,
        sessions: { maxSessions: 3, idleTimeoutMs: 1_000 },
        allowedOrigins: ['https://app.example.com'],
        requestStateKey: key,
      });
      expect(config.modules).toEqual(new Set([OpenModule, ScopeOnlyModule]));
      // A configured key is not ephemeral: nothing to warn about.
      expect(logger.lines.some((line) => EPHEMERAL_WARNING.test(line))).toBe(false);
      // The providers read their settings here: the fast path leaves lists longer than two to the SDK.
      expect(listedFast(moduleRef)).toBeUndefined();
    } finally {
      await moduleRef.close();
    }
  });

  it('keeps the defaults of the options left out of a partial group', () => {
    const config = new GatewayConfig({ legacySessions: { maxSessions: 5 }, fastPath: true, requestStateKey: new Uint8Array(32) });
    expect(config.sessions).toEqual({ maxSessions: 5, maxSessionsPerPrincipal: 64, idleTimeoutMs: 30 * 60_000, maxStreams: 1024, maxStreamsPerPrincipal: 16 });
    expect(config.fastPath).toBe(true);
  });

  it('takes the options of forRootAsync the same way', async () => {
    const { moduleRef, config } = await compiled(McpGatewayModule.forRootAsync({ useFactory: async () => ({ path: '/async', pageSize: 9, requestStateKey: 'k'.repeat(32) }) }));
    try {
      expect(config).toMatchObject({ path: '/async', pageSize: 9, defaultTimeoutMs: 60_000 });
    } finally {
      await moduleRef.close();
    }
  });

  it.each(['mcp', '', '/mcp?debug=1', '/mcp#top', 'http://host/mcp'])('refuses the path %j with a GatewayConfigError that names it', (path) => {
    expect(() => new GatewayConfig({ path, requestStateKey: 'k'.repeat(32) })).toThrow(GatewayConfigError);
    expect(() => new GatewayConfig({ path, requestStateKey: 'k'.repeat(32) })).toThrow(`Gateway path "${path}" must start with "/" and contain no query or fragment.`);
  });

  it.each(['/', '/mcp', '/a/b/c', '/mcp-v2'])('accepts the path %j', (path) => {
    expect(new GatewayConfig({ path, requestStateKey: 'k'.repeat(32) }).path).toBe(path);
  });

  it('fails the bootstrap of a gateway with a bad path', async () => {
    await expect(compiled(McpGatewayModule.forRoot({ path: 'no-slash', requestStateKey: 'k'.repeat(32) }))).rejects.toThrow(GatewayConfigError);
  });
});
