/**
 * Options of the audit part of `ObservabilityModule`: a record of every tool call in the
 * `skillnest_audit` table of a `PgPoolModule` pool, written off the request path in batches.
 */
export interface AuditOptions {
  /** The `PgPoolModule` pool that keeps the table (created at startup). Default `default`. */
  pool?: string;
  /** Records older than this many days are deleted (a bounded delete, every `retentionIntervalMs`); 0 keeps them for ever. Default 90. */
  retentionDays?: number;
  /** How often this replica deletes records past their retention, in ms. Default 3600000 (an hour). */
  retentionIntervalMs?: number;
  /** Most records one retention statement deletes (a sweep runs at most 10 of them). Default 5000. */
  retentionBatch?: number;
  /** Records are written at least this often, in ms. Default 1000. */
  flushIntervalMs?: number;
  /** Most records one INSERT writes; a full batch is written at once. Default 500. */
  batchSize?: number;
  /** Most records kept in memory while PostgreSQL cannot be written; beyond it the oldest are dropped (counted and logged). Default 10000. */
  maxPending?: number;
  /** Largest arguments kept for a tool that opts in (`@Tool({ audit: { arguments: true } })`), in bytes of JSON. Default 8192. */
  maxArgumentBytes?: number;
  /** At shutdown, how long the last records may take to be written (retried while PostgreSQL fails), in ms. Default 1000 (inside the drain deadline's promise); records still pending get one more try as the pools close. */
  shutdownFlushMs?: number;
}

/** The audit settings, every default applied and validated (`resolveAuditSettings`). */
export type AuditSettings = Required<AuditOptions>;
