import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from '@skillnest/gateway';
import { AUDIT_STATS, type AuditStatsSource } from '../../libs/gateway/src/observe/audit/audit-stats';
import { getWithHost, startMetricsApp, type MetricsApp } from '../fixtures/metrics-app';
import { parseBearerChallenge } from '../support/bearer-challenge';
import { callToolOverHttp } from '../support/mcp-http';
import { parsePrometheusText, scrape } from '../support/prometheus-text';

const PROM = 'prometheus-token-0123456789';
const OTHER = 'other-service-token-0123456789';
const OPS = 'ops-gateway-token-0123456789';
const tokens = [
  { token: PROM, id: 'prometheus', scopes: ['metrics:read'] },
  { token: OTHER, id: 'other', scopes: ['incidents:read'] },
];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Each access mode of GET /metrics, on a small app with the probe skills, as a user configures it. */
describe('GET /metrics access settings', () => {
  const apps: MetricsApp[] = [];
  const start = async (...args: Parameters<typeof startMetricsApp>) => {
    const app = await startMetricsApp(...args);
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
  });

  it('port: serves the metrics on a listener of its own without auth, nothing on the app port, and closes it at shutdown', async () => {
    const running = await start({ access: 'port', port: 0 }, [{ tokens }]);
    expect(running.metricsPort).toBeGreaterThan(0);
    await callToolOverHttp(`${running.origin}/mcp`, 'probe_whoami', {}, bearer(PROM));
    const metrics = await scrape(`http://127.0.0.1:${running.metricsPort}/metrics`);
    expect(metrics.value('skillnest_calls_total', { gateway: '/mcp', kind: 'tool', skill: 'probe_whoami', via: 'mcp', outcome: 'ok' })).toBe(1);
    expect((await fetch(`${running.origin}/metrics`, { headers: bearer(PROM) })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${running.metricsPort}/mcp`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`, { method: 'POST' })).status).toBe(405);
    expect(running.logs.lines).toContainEqual(expect.stringContaining(`Metrics served at http://127.0.0.1:${running.metricsPort}/metrics (port, no auth)`));
    await running.close();
    await expect(fetch(`http://127.0.0.1:${running.metricsPort}/metrics`)).rejects.toThrow();
  });

  it('off: serves nothing, while the registry still collects (for a team to serve or push itself)', async () => {
    const running = await start({ access: 'off' }, [{ tokens }]);
    await callToolOverHttp(`${running.origin}/mcp`, 'probe_whoami', {}, bearer(PROM));
    expect((await fetch(`${running.origin}/metrics`, { headers: bearer(PROM) })).status).toBe(404);
    const collected = parsePrometheusText(await running.app.get(MetricsRegistry).metrics());
    expect(collected.value('skillnest_calls_total', { gateway: '/mcp', kind: 'tool', skill: 'probe_whoami', via: 'mcp', outcome: 'ok' })).toBe(1);
  });

  it('open (the default of an unauthenticated gateway): no token needed, and the gateway still refuses a foreign Host', async () => {
    const running = await start(undefined);
    const metrics = await scrape(`${running.origin}/metrics`);
    expect(metrics.value('skillnest_requests_in_flight', { gateway: '/mcp' })).toBe(0);
    expect((await getWithHost(`${running.origin}/metrics`, 'attacker.example')).status).toBe(403);
    expect(running.logs.lines).toContainEqual(expect.stringContaining("Metrics served at /metrics on the app's port (open, no auth)"));
  });

  it('open on an authenticated gateway: served without a token, with a warning at startup', async () => {
    const running = await start({ access: 'open' }, [{ tokens }]);
    expect((await fetch(`${running.origin}/metrics`)).status).toBe(200);
    expect(running.logs.lines).toContainEqual(expect.stringMatching(/^warn Metrics are OPEN/));
  });

  it('bearer with a scope: 403 insufficient_scope naming it for a token without, 200 with, and the refusal counted', async () => {
    const running = await start({ scope: 'metrics:read' }, [{ tokens, resourceUrl: 'http://127.0.0.1/mcp' }]);
    const refused = await fetch(`${running.origin}/metrics`, { headers: bearer(OTHER) });
    expect(refused.status).toBe(403);
    expect(parseBearerChallenge(refused.headers.get('www-authenticate'))).toEqual({
      error: 'insufficient_scope',
      scope: 'metrics:read',
      error_description: 'Reading metrics needs scope metrics:read.',
      resource_metadata: 'http://127.0.0.1/.well-known/oauth-protected-resource/mcp',
    });
    const bare = await fetch(`${running.origin}/metrics`);
    expect(bare.status).toBe(401);
    expect(parseBearerChallenge(bare.headers.get('www-authenticate'))).toMatchObject({
      error: 'invalid_token',
      resource_metadata: 'http://127.0.0.1/.well-known/oauth-protected-resource/mcp',
    });
    const metrics = await scrape(`${running.origin}/metrics`, bearer(PROM));
    expect(metrics.value('skillnest_auth_failures_total', { gateway: '/mcp', reason: 'insufficient_scope' })).toBe(1);
    expect(metrics.value('skillnest_auth_failures_total', { gateway: '/mcp', reason: 'missing' })).toBe(1);
  });

  it('several gateways: one /metrics behind the /mcp gateway, carrying every gateway by its label', async () => {
    const running = await start(undefined, [{ path: '/mcp/ops', tokens: [OPS] }, { tokens }]);
    await callToolOverHttp(`${running.origin}/mcp/ops`, 'probe_whoami', {}, bearer(OPS));
    await callToolOverHttp(`${running.origin}/mcp`, 'probe_whoami', {}, bearer(PROM));
    expect((await fetch(`${running.origin}/metrics`, { headers: bearer(OPS) })).status).toBe(401);
    const metrics = await scrape(`${running.origin}/metrics`, bearer(PROM));
    for (const gateway of ['/mcp', '/mcp/ops']) {
      expect(metrics.value('skillnest_calls_total', { gateway, kind: 'tool', skill: 'probe_whoami', via: 'mcp', outcome: 'ok' })).toBe(1);
      expect(metrics.value('skillnest_requests_in_flight', { gateway })).toBe(0);
    }
    expect(metrics.value('skillnest_auth_failures_total', { gateway: '/mcp', reason: 'invalid' })).toBe(1);
  });

  it('metrics.gateway picks the gateway whose auth guards the route', async () => {
    const running = await start({ gateway: '/mcp/ops' }, [{ path: '/mcp/ops', tokens: [OPS] }, { tokens }]);
    expect((await fetch(`${running.origin}/metrics`, { headers: bearer(OPS) })).status).toBe(200);
    expect((await fetch(`${running.origin}/metrics`, { headers: bearer(PROM) })).status).toBe(401);
  });

  it("reports the audit writer's counts when the audit trail provides them (AUDIT_STATS)", async () => {
    const stats: AuditStatsSource = { stats: () => ({ pending: 3, written: 120, dropped: 2, failedFlushes: 1 }) };
    @Global()
    @Module({ providers: [{ provide: AUDIT_STATS, useValue: stats }], exports: [AUDIT_STATS] })
    class AuditStatsModule {}
    const running = await start({ access: 'open' }, [{}], [{ module: AuditStatsModule }]);
    const metrics = await scrape(`${running.origin}/metrics`);
    expect(metrics.value('skillnest_audit_records_pending')).toBe(3);
    expect(metrics.value('skillnest_audit_records_written_total')).toBe(120);
    expect(metrics.value('skillnest_audit_records_dropped_total')).toBe(2);
    expect(metrics.value('skillnest_audit_flush_failures_total')).toBe(1);
  });

  it('leaves the audit metrics out without an audit trail', async () => {
    const running = await start({ access: 'open' });
    expect((await scrape(`${running.origin}/metrics`)).types.has('skillnest_audit_records_pending')).toBe(false);
  });

  describe('settings that cannot work fail startup, saying why', () => {
    it.each([
      ['bearer on an unauthenticated gateway', { access: 'bearer' as const }, 'metrics.access (SKILLNEST_METRICS) is bearer but gateway /mcp is unauthenticated'],
      ['an unknown access', { access: 'sideways' as never }, 'metrics.access (SKILLNEST_METRICS) "sideways" is not valid: use bearer, port, open or off.'],
      ['a port out of range', { port: 70_000 }, 'metrics.port (SKILLNEST_METRICS_PORT) 70000 is not valid: use a whole number from 0 to 65535.'],
      ['port without a port', { access: 'port' as const }, 'no port is set: set metrics.port (SKILLNEST_METRICS_PORT)'],
      ['a scope with port', { port: 0, scope: 'metrics:read' }, 'metrics.scope (SKILLNEST_METRICS_SCOPE) only applies to access bearer, and metrics access is port'],
      ['a host without port', { access: 'open' as const, host: '0.0.0.0' }, 'metrics.host (SKILLNEST_METRICS_HOST) only applies to access port'],
      ['a gateway the app does not have', { gateway: '/nope' }, 'metrics.gateway "/nope" names no gateway of this app (gateways: /mcp).'],
    ])('%s', async (_case, options, message) => {
      await expect(startMetricsApp(options)).rejects.toThrow(message);
    });

    it('a port in use', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const { port } = taken.address() as AddressInfo;
      try {
        await expect(startMetricsApp({ port }, [{ tokens }])).rejects.toThrow(`The metrics listener cannot bind 127.0.0.1:${port}`);
      } finally {
        taken.close();
      }
    });
  });
});
