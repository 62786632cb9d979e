import { Client } from 'pg';

/** One row of `skillnest_audit` as a spec reads it back (times as ISO strings, numbers as numbers). */
export interface AuditRow {
  at: Date;
  gateway: string;
  via: string;
  caller_id: string;
  auth_method: string;
  client_name: string | null;
  client_version: string | null;
  client_era: string | null;
  tool: string;
  request_id: string | null;
  arguments_sha256: string;
  arguments: unknown;
  outcome: string;
  reason: string | null;
  duration_ms: number;
  error_id: string | null;
  task_id: string | null;
  trace_id: string | null;
  fields: Record<string, unknown> | null;
}

/** Runs one statement on the database at `url` with a connection of its own (never the app's pool). */
export async function querySql<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The audit rows of `tool` (every row without one), oldest first; none while the table does not exist yet. */
export async function auditRows(url: string, tool?: string): Promise<AuditRow[]> {
  const exists = await querySql<{ found: boolean }>(url, "SELECT to_regclass('skillnest_audit') IS NOT NULL AS found");
  if (!exists[0].found) return [];
  const where = tool === undefined ? '' : 'WHERE tool = $1';
  return querySql<AuditRow & Record<string, unknown>>(url, `SELECT * FROM skillnest_audit ${where} ORDER BY id`, tool === undefined ? [] : [tool]);
}
