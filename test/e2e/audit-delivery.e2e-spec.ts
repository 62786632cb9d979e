import { getPgPoolToken } from '@skillnest/pools';
import type { Pool } from 'pg';
import { startAuditApp, type AuditApp } from '../support/audit-app';
import { auditRows } from '../support/audit-rows';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

const INSERT = /INSERT INTO skillnest_audit/;
const tags = (rows: Array<{ fields: Record<string, unknown> | null }>) => rows.map((row) => row.fields?.incidentId);

// How records reach PostgreSQL: in batches off the request path, kept and retried while it is
// down (up to the bound), and flushed at shutdown before the pool closes, whatever the import order.
describe('audit trail delivery', () => {
  let database: TestDatabase;
  let running: AuditApp | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    await database.drop();
  });

  it('writes one multi-row INSERT per batch, on the timer or at once when a batch is full', async () => {
    running = await startAuditApp({ audit: { flushIntervalMs: 600_000, batchSize: 3 }, pg: { connectionString: database.url } });
    const query = jest.spyOn(running.app.get<Pool>(getPgPoolToken()), 'query');
    for (const tag of ['b1', 'b2']) expect(await running.run('probe_audit_fields', { tag })).toBe(200);
    // Two records, the timer an hour away: nothing written yet.
    expect(await auditRows(database.url)).toHaveLength(0);
    expect(running.writer.stats()).toMatchObject({ pending: 2, written: 0 });
    // The third fills a batch: written without waiting for the timer, in one statement.
    expect(await running.run('probe_audit_fields', { tag: 'b3' })).toBe(200);
    await until(async () => (await auditRows(database.url)).length === 3, 'the full batch to be written');
    expect(query.mock.calls.filter(([sql]) => INSERT.test(String(sql)))).toHaveLength(1);
    for (const tag of ['b4', 'b5', 'b6', 'b7']) await running.run('probe_audit_fields', { tag });
    // The full batch goes at once; b7 follows it in the same flush if it arrived while b4-b6 were being written, else on flush().
    await until(() => running!.writer.stats().written >= 6, 'the second full batch to be written');
    await running.writer.flush();
    expect(tags(await auditRows(database.url))).toEqual(['INC-b1', 'INC-b2', 'INC-b3', 'INC-b4', 'INC-b5', 'INC-b6', 'INC-b7']);
    expect(query.mock.calls.filter(([sql]) => INSERT.test(String(sql)))).toHaveLength(3);
    expect(running.writer.stats()).toEqual({ pending: 0, written: 7, dropped: 0, failedFlushes: 0 });
  });

  it('answers every call while PostgreSQL is down, keeps the newest records up to the bound, counts and logs the rest, and writes them once it is back', async () => {
    const proxy = await new PgFaultProxy().start();
    try {
      const url = new URL(database.url);
      url.port = String(proxy.port);
      running = await startAuditApp({ audit: { flushIntervalMs: 50, maxPending: 5 }, pg: { connectionString: url.href, connectionTimeoutMs: 1_000 } });
      expect(await running.run('probe_audit_fields', { tag: 'before' })).toBe(200);
      await until(async () => (await auditRows(database.url)).length === 1, 'the first record to be written');

      proxy.shutDown();
      for (let call = 1; call <= 8; call++) expect(await running.run('probe_audit_fields', { tag: `down${call}` })).toBe(200);
      await until(() => running!.writer.stats().failedFlushes > 0 && running!.writer.stats().dropped === 3 && running!.writer.stats().pending === 5, 'the oldest 3 to be dropped');
      expect(running.logs.lines.some((line) => /warn .*Audit trail: writing records failed/.test(line))).toBe(true);
      expect(
        running.logs.lines.some((line) => /warn .*Audit trail: \d record\(s\) dropped so far, the oldest first: more than 5 \(SKILLNEST_AUDIT_MAX_PENDING\)/.test(line)),
      ).toBe(true);
      const audit = running.logs.lines.filter((line) => line.includes('Audit trail'));
      expect(audit.join('\n')).not.toMatch(/INSERT|jsonb_to_recordset|127\.0\.0\.1|postgres:/);

      proxy.forward();
      await until(async () => (await auditRows(database.url)).length === 6, 'the kept records to be written once PostgreSQL is back', 20_000);
      expect(tags(await auditRows(database.url))).toEqual(['INC-before', 'INC-down4', 'INC-down5', 'INC-down6', 'INC-down7', 'INC-down8']);
      // The rows are visible to this reader a moment before the writer's own await returns and says so.
      const recovered = () =>
        running!.logs.lines.some((line) => /Audit trail: PostgreSQL can be written again; .*; 3 record\(s\) were dropped while it could not be written/.test(line));
      await until(recovered, 'the writer to log that PostgreSQL can be written again', 5_000);
      expect(running.writer.stats()).toMatchObject({ pending: 0, written: 6, dropped: 3 });
    } finally {
      await running?.app.close();
      running = undefined;
      await proxy.close();
    }
  }, 40_000);

  it.each([
    ['after', false],
    ['before', true],
  ])('writes the records still pending at shutdown, with ObservabilityModule imported %s PgPoolModule', async (_order, observabilityFirst) => {
    running = await startAuditApp({ audit: { flushIntervalMs: 600_000 }, pg: { connectionString: database.url }, observabilityFirst });
    for (const tag of ['s1', 's2', 's3']) await running.run('probe_audit_fields', { tag });
    expect(await auditRows(database.url)).toHaveLength(0);
    const { app, logs } = running;
    running = undefined;
    await app.close();
    expect(tags(await auditRows(database.url))).toEqual(['INC-s1', 'INC-s2', 'INC-s3']);
    expect(logs.lines.some((line) => line.includes('Audit trail: wrote the last 3 record(s) before the pools close.'))).toBe(true);
    expect(logs.lines.some((line) => /lost/.test(line))).toBe(false);
  });
});
