/** Counts of the audit writer, for metrics and health: records waiting, written, given up, and failed flushes. */
export interface AuditStats {
  /** Records kept in memory, not written yet. */
  readonly pending: number;
  readonly written: number;
  /** Records given up (the pending bound was reached while PostgreSQL could not be written). */
  readonly dropped: number;
  /** Flushes that failed and will be retried. */
  readonly failedFlushes: number;
}

/** What the audit part provides under `AUDIT_STATS`, so that metrics can report it without depending on the writer. */
export interface AuditStatsSource {
  stats(): AuditStats;
}

/** Injection token of the `AuditStatsSource` (present only when the audit trail is on). */
export const AUDIT_STATS = Symbol('AUDIT_STATS');
