import { spawnApp } from '../support/app-process';
import { clientSpan, startTracedApp, type TracedApp } from '../support/traced-app';
import { until } from '../support/until';

/** Spans still queued in the batch processor when SIGTERM comes are exported at the end of the drain, not lost. */
describe('tracing through a SIGTERM', () => {
  let traced: TracedApp;

  beforeAll(async () => {
    // Ten minutes between exports: nothing leaves the process before the shutdown flushes it.
    traced = await startTracedApp({ OTEL_BSP_SCHEDULE_DELAY: '600000', SKILLNEST_DRAIN_TIMEOUT_MS: '10000' });
  }, 90_000);
  afterAll(async () => traced?.close());

  it('exports the spans of a finished call and of a call that finishes during the drain, then exits 0', async () => {
    const { app, database, receiver } = traced;
    const [finished, draining] = [clientSpan(), clientSpan()];
    const client = await traced.connect();
    await client.callTool({ name: 'incident_list', arguments: {}, _meta: { traceparent: finished.traceparent } });
    const inFlight = client.callTool({ name: 'probe_db_sleep', arguments: { seconds: 1 }, _meta: { traceparent: draining.traceparent } });
    const sleeping = async () =>
      (await database.admin(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`, [database.name])).length > 0;
    await until(sleeping, 'the second call to be sleeping in PostgreSQL', 10_000);
    expect(receiver.spans).toHaveLength(0);

    app.child.kill('SIGTERM');
    expect((await inFlight).isError).toBeFalsy();
    expect(await app.exited).toMatchObject({ code: 0, signal: null });

    for (const [parent, tool] of [
      [finished, 'incident_list'],
      [draining, 'probe_db_sleep'],
    ] as const) {
      const request = receiver.spans.find((span) => span.parentSpanId === parent.spanId);
      expect(request).toMatchObject({ name: `tools/call ${tool}`, kind: 'SERVER', traceId: parent.traceId });
      const skill = receiver.spans.find((span) => span.parentSpanId === request!.spanId);
      expect(skill).toMatchObject({ name: `execute_tool ${tool}`, attributes: expect.objectContaining({ 'skillnest.outcome': 'ok' }) });
      expect(receiver.spans.some((span) => span.parentSpanId === skill!.spanId && span.scope.includes('instrumentation-pg'))).toBe(true);
    }
    expect(app.output()).not.toContain('could not be exported');
  }, 60_000);
});

describe('tracing settings at startup', () => {
  it('a tracing setting that is not valid fails startup in one line naming it, before the app loads', async () => {
    const app = await spawnApp({ SKILLNEST_TRACING: 'yes', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://user:hunter2@collector:4318/v1/traces' });
    expect(await app.exited).toMatchObject({ code: 1 });
    expect(app.output().trim()).toBe('Startup failed: SKILLNEST_TRACING must be "on" or "off" (unset: tracing when an OTLP endpoint is set), not "yes".');
  }, 30_000);
});
