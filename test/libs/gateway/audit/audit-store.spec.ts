import { Pool } from 'pg';
import { applyMigrations } from '@skillnest/pools';
import { AUDIT_MIGRATIONS } from '../../../../libs/gateway/src/observe/audit/audit-migrations';
import type { AuditRecord } from '../../../../libs/gateway/src/observe/audit/audit-record';
import { deleteExpiredAuditRecords, insertAuditRecords, recordsJson } from '../../../../libs/gateway/src/observe/audit/audit-store';
import { auditRows } from '../../../support/audit-rows';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database';

const record = (tool: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  at: Date.now(),
  gateway: '/mcp',
  via: 'mcp',
  callerId: 'jwt:https://issuer|42',
  authMethod: 'jwt',
  clientName: 'client',
  clientVersion: '1',
  clientEra: 'modern',
  tool,
  requestId: '7',
  argumentsSha256: 'ab'.repeat(32),
  arguments: undefined,
  outcome: 'ok',
  reason: undefined,
  durationMs: 1.25,
  errorId: undefined,
  taskId: undefined,
  traceId: undefined,
  fields: undefined,
  ...extra,
});

describe('the audit table', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 2 });
    await applyMigrations(pool, AUDIT_MIGRATIONS);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('takes a batch in one INSERT, every column read back', async () => {
    const at = Date.parse('2026-01-02T03:04:05.678Z');
    await insertAuditRecords(pool, [
      record('one', { at, arguments: { a: [1] }, fields: { incidentId: 'INC-1' }, reason: 'r', errorId: 'e', taskId: 't', traceId: 'f'.repeat(32), outcome: 'tool_error' }),
      record('two'),
    ]);
    const [one, two] = await auditRows(database.url);
    expect(one).toMatchObject({
      gateway: '/mcp',
      via: 'mcp',
      caller_id: 'jwt:https://issuer|42',
      auth_method: 'jwt',
      client_name: 'client',
      client_version: '1',
      client_era: 'modern',
      tool: 'one',
      request_id: '7',
      arguments_sha256: 'ab'.repeat(32),
      arguments: { a: [1] },
      outcome: 'tool_error',
      reason: 'r',
      duration_ms: 1.25,
      error_id: 'e',
      task_id: 't',
      trace_id: 'f'.repeat(32),
      fields: { incidentId: 'INC-1' },
    });
    expect(one.at.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(two).toMatchObject({ tool: 'two', arguments: null, fields: null, reason: null });
  });

  it('stores text PostgreSQL refuses (NUL, lone surrogates) with U+FFFD instead, and keeps escaped backslashes', async () => {
    expect(recordsJson([record('a\\u0000b')])).toContain('"tool":"a\\\\u0000b"');
    await insertAuditRecords(pool, [record('nul\u0000tool', { requestId: 'id\ud800', fields: { note: 'x\u0000y', path: 'C:\\u0000' } })]);
    const rows = await auditRows(database.url);
    expect(rows.at(-1)).toMatchObject({ tool: 'nul\ufffdtool', request_id: 'id\ufffd', fields: { note: 'x\ufffdy', path: 'C:\\u0000' } });
  });

  it('gives up only the records PostgreSQL refuses as data, writing the others of their batch', async () => {
    const bad = record('bad', { at: Number.MAX_VALUE });
    expect(await insertAuditRecords(pool, [record('good1'), bad, record('good2')])).toEqual({ rejected: 1 });
    const tools = (await auditRows(database.url)).map((row) => row.tool);
    expect(tools).toEqual(expect.arrayContaining(['good1', 'good2']));
    expect(tools).not.toContain('bad');
  });

  it('deletes old records in bounded statements', async () => {
    await pool.query(`UPDATE skillnest_audit SET at = now() - interval '100 days' WHERE tool IN ('one', 'two', 'good1')`);
    expect(await deleteExpiredAuditRecords(pool, 90, 2)).toBe(2);
    expect(await deleteExpiredAuditRecords(pool, 90, 2)).toBe(1);
    expect(await deleteExpiredAuditRecords(pool, 90, 2)).toBe(0);
    expect((await auditRows(database.url)).map((row) => row.tool).sort()).toEqual(['good2', 'nul\ufffdtool']);
  });
});
