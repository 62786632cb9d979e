import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { GatewayConfig, McpGatewayModule, McpGatewayRegistrar, SkillCatalog, SkillDispatcher, type DispatchRequest } from '@skillnest/gateway';
import { ANONYMOUS_CALLER, SkillsRegistry, type SkillCaller } from '@skillnest/skills';
import { GatewayRateLimits } from '../../../libs/gateway/src/dispatch/gateway-rate-limits';
import { ContextProbeModule } from '../../fixtures/context-probe.module';
import { DispatchProbeModule, DispatchProbeSkills } from '../../fixtures/dispatch-probe.module';
import { CaptureLogger } from '../../support/capture.logger';

const reader: SkillCaller = { id: 'reader', authenticated: true, scopes: ['other:read'], claims: {} };
const request = (caller: SkillCaller = ANONYMOUS_CALLER, headers: Record<string, string> = {}): DispatchRequest => ({
  caller,
  client: { era: 'modern', capabilities: {} },
  requestId: 1,
  headers,
});

/** The gateway's providers in a testing module, without HTTP: the registrar is replaced. */
async function gatewayModule(override?: (builder: ReturnType<typeof Test.createTestingModule>) => void): Promise<TestingModule> {
  const builder = Test.createTestingModule({ imports: [DispatchProbeModule, ContextProbeModule, McpGatewayModule.forRoot({ modules: [DispatchProbeModule], pageSize: 7 })] })
    .overrideProvider(McpGatewayRegistrar)
    .useValue({})
    .setLogger(new CaptureLogger());
  override?.(builder);
  const moduleRef = await builder.compile();
  await moduleRef.init();
  return moduleRef;
}

describe('the gateway providers', () => {
  let moduleRef: TestingModule;
  let dispatcher: SkillDispatcher;

  beforeAll(async () => {
    moduleRef = await gatewayModule();
    dispatcher = moduleRef.get(SkillDispatcher);
  });
  afterAll(async () => moduleRef?.close());

  it('resolves every option default once, in GatewayConfig', () => {
    const config = moduleRef.get(GatewayConfig);
    expect({ path: config.path, pageSize: config.pageSize, serverInfo: config.serverInfo, fastPath: config.fastPath, timeout: config.defaultTimeoutMs }).toEqual({
      path: '/mcp',
      pageSize: 7,
      serverInfo: { name: 'skillnest', version: '0.1.0' },
      fastPath: true,
      timeout: 60_000,
    });
  });

  it('dispatches a synchronous skill synchronously, and refuses unknown, disabled and unscoped skills', async () => {
    // Admitted (budget charged by the front door) and synchronous: a plain value, no promise.
    const outcome = dispatcher.callTool('probe_once_a_minute', {}, { ...request(), admitted: true });
    expect(outcome).toEqual({ outcome: 'result', result: { content: [{ type: 'text', text: 'within budget' }] } });
    expect(dispatcher.callTool('nope', {}, request())).toMatchObject({ outcome: 'refused', refused: 'unknown', message: expect.stringContaining('Unknown tool "nope"') });
    expect(dispatcher.callTool('probe_scoped_write', {}, request(reader))).toMatchObject({ outcome: 'refused', refused: 'scope', shortfall: { scopes: ['probe:write'] } });
    const registry = moduleRef.get(SkillsRegistry);
    registry.setEnabled('tool', 'probe_scoped_write', false);
    expect(dispatcher.callTool('probe_scoped_write', {}, request())).toMatchObject({ outcome: 'refused', refused: 'unknown' });
    registry.setEnabled('tool', 'probe_scoped_write', true);
  });

  it('reports invalid input with the problems and the isError result MCP clients get', async () => {
    const outcome = await dispatcher.callTool('probe_enhanced', { message: 42 }, request());
    expect(outcome).toMatchObject({ outcome: 'invalid', problems: [expect.stringContaining('message')], result: { isError: true } });
  });

  it('runs the guard with the headers it is given', async () => {
    await expect(dispatcher.callTool('probe_ops_only', {}, request(ANONYMOUS_CALLER, { 'x-team': 'dev' }))).resolves.toMatchObject({ outcome: 'refused', refused: 'guard' });
    await expect(dispatcher.callTool('probe_ops_only', {}, request(ANONYMOUS_CALLER, { 'x-team': 'ops' }))).resolves.toMatchObject({ outcome: 'result' });
  });

  it('returns the pending input of a skill that asks, from one run', async () => {
    DispatchProbeSkills.askRuns = 0;
    const outcome = await dispatcher.callTool('probe_counted_ask', {}, request());
    expect(outcome).toMatchObject({ outcome: 'input_required', pending: { requests: { go: { method: 'elicitation/create' } } } });
    expect(DispatchProbeSkills.askRuns).toBe(1);
  });

  it('lists per caller with the hints of the catalog as it is now', async () => {
    const catalog = moduleRef.get(SkillCatalog);
    expect(catalog.listCacheHint()).toEqual({ ttlMs: 60_000, cacheScope: 'private' });
    const forReader = await catalog.resultsFor(reader, () => ({ 'x-team': 'ops' }));
    expect(forReader.tools.tools.map((tool) => tool.name)).toEqual(['probe_counted_ask', 'probe_ops_only', 'probe_enhanced', 'probe_once_a_minute']);
    const forDev = await catalog.resultsFor(reader, () => ({ 'x-team': 'dev' }));
    expect(forDev.tools.tools.map((tool) => tool.name)).not.toContain('probe_ops_only');
  });

  it("offers nested callers (the Claude agent) the gateway's view, guarded tools included when the guard allows", async () => {
    const parent = (team: string) =>
      ({ caller: ANONYMOUS_CALLER, client: { era: 'modern', capabilities: {} }, requestId: 1, origin: { headers: { 'x-team': team } }, log: async () => undefined }) as never;
    const names = async (team: string) => (await dispatcher.nestedCalls.toolsFor(parent(team))).map((tool) => tool.name);
    expect(await names('ops')).toEqual(['probe_counted_ask', 'probe_ops_only', 'probe_enhanced', 'probe_once_a_minute', 'probe_scoped_write']);
    expect(await names('dev')).not.toContain('probe_ops_only');
    // ContextProbeModule's tools are in the registry but not in this gateway's view.
    expect(moduleRef.get(SkillsRegistry).tool('probe_progress')).toMatchObject({ name: 'probe_progress' });
    expect(await names('ops')).not.toContain('probe_progress');
    const signal = new AbortController().signal;
    const called = await dispatcher.nestedCalls.callTool(parent('ops'), 'probe_ops_only', {}, { signal, defaultTimeoutMs: 1000, progress: async () => undefined });
    expect(called).toEqual({ content: [{ type: 'text', text: 'ops ok' }] });
    const outside = await dispatcher.nestedCalls.callTool(parent('ops'), 'probe_progress', {}, { signal, defaultTimeoutMs: 1000, progress: async () => undefined });
    expect(outside).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('Unknown tool "probe_progress"') }] });
  });

  it('lets a test replace one provider: a refusing budget makes the dispatcher answer 429-style refusals', async () => {
    const refusing = { enabled: true, takeCall: async () => ({ retryAfterSec: 9, message: 'no budget' }), takeRequest: () => undefined, onApplicationShutdown: () => undefined };
    const replaced = await gatewayModule((builder) => void builder.overrideProvider(GatewayRateLimits).useValue(refusing));
    try {
      await expect(replaced.get(SkillDispatcher).callTool('probe_once_a_minute', {}, request())).resolves.toEqual({
        outcome: 'refused',
        refused: 'rate',
        message: 'no budget',
        retryAfterSec: 9,
      });
    } finally {
      await replaced.close();
    }
  });
});
