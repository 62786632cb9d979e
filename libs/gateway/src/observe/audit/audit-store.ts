import type { Pool } from 'pg';
import type { AuditRecord } from './audit-record';

// One statement per batch: the records go in as one JSON array parameter, read back as rows.
const INSERT = `
INSERT INTO skillnest_audit (at, gateway, via, caller_id, auth_method, client_name, client_version, client_era, tool, request_id,
                             arguments_sha256, arguments, outcome, reason, duration_ms, error_id, task_id, trace_id, fields)
SELECT to_timestamp(r.at / 1000.0), r.gateway, r.via, r."callerId", r."authMethod", r."clientName", r."clientVersion", r."clientEra", r.tool, r."requestId",
       r."argumentsSha256", r.arguments, r.outcome, r.reason, r."durationMs", r."errorId", r."taskId", r."traceId", r.fields
FROM jsonb_to_recordset($1::jsonb) AS r(at double precision, gateway text, via text, "callerId" text, "authMethod" text, "clientName" text,
     "clientVersion" text, "clientEra" text, tool text, "requestId" text, "argumentsSha256" text, arguments jsonb, outcome text, reason text,
     "durationMs" double precision, "errorId" text, "taskId" text, "traceId" text, fields jsonb)`;

// Oldest first, a bounded number, skipping rows another replica is deleting right now.
const DELETE_EXPIRED = `
DELETE FROM skillnest_audit WHERE id IN (
  SELECT id FROM skillnest_audit WHERE at < now() - make_interval(days => $1) ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

// PostgreSQL takes neither NUL nor a lone surrogate in text or jsonb; JSON.stringify writes both
// as \u escapes (and every backslash of the text doubled, which the alternation consumes first).
const UNSTORABLE = /\\(\\|u0000|ud[89a-f][0-9a-f]{2})/gi;

/** `records` as the JSON parameter of the INSERT, with what PostgreSQL cannot store replaced by U+FFFD. */
export function recordsJson(records: readonly AuditRecord[]): string {
  return JSON.stringify(records).replace(UNSTORABLE, (escape, what: string) => (what === '\\' ? escape : '\\ufffd'));
}

/** A failure of the data rather than of the server (SQLSTATE classes 22 and 23): writing the same rows again fails again. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * Writes a batch in one INSERT. Should PostgreSQL refuse the data itself, the records are written
 * one by one and those it refuses are given up (`rejected`), so that one bad record never blocks
 * the others; any other failure rejects, and the batch is kept for a retry.
 */
export async function insertAuditRecords(pool: Pool, records: readonly AuditRecord[]): Promise<{ rejected: number }> {
  try {
    await pool.query(INSERT, [recordsJson(records)]);
    return { rejected: 0 };
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (records.length === 1) return { rejected: 1 };
  }
  let rejected = 0;
  for (const record of records) rejected += (await insertAuditRecords(pool, [record])).rejected;
  return { rejected };
}

/** Deletes up to `limit` records older than `days`; returns how many. */
export async function deleteExpiredAuditRecords(pool: Pool, days: number, limit: number): Promise<number> {
  return (await pool.query(DELETE_EXPIRED, [days, limit])).rowCount ?? 0;
}
