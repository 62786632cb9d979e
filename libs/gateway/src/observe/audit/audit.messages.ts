/** Every message of the audit trail, for logs and startup errors. Never interpolate tokens, SQL, arguments or addresses. */
export const AuditMessages = {
  noPool: (pool: string) =>
    `The audit trail (SKILLNEST_AUDIT) keeps its records in PostgreSQL, but there is no PgPoolModule pool "${pool}". Import PgPoolModule.forRoot() (the embedded database will do locally), set audit.pool (SKILLNEST_AUDIT_POOL) to the pool's name, or turn the audit trail off (SKILLNEST_AUDIT=off).`,
  invalidPool: (value: unknown) => `audit.pool (SKILLNEST_AUDIT_POOL) ${JSON.stringify(value)} is not valid: use the name of a PgPoolModule pool.`,
  notANumber: (option: string, env: string, value: string) => `${option} (${env}) ${JSON.stringify(value)} is not valid: use a whole number.`,
  tooLong: (option: string, env: string, value: number) => `${option} (${env}) ${value} is too long: use at most 2147483647 milliseconds.`,
  migrated: (pool: string, applied: string[]) => `Applied the audit trail's migrations to pool "${pool}": ${applied.join(', ')}`,
  storageFailedLog: (what: string, cause: string) => `Audit trail: ${what} failed: ${cause}`,
  flushFailedLog: (pending: number, retryMs: number, cause: string) =>
    `Audit trail: writing records failed (${cause}); ${pending} record(s) kept in memory, retrying in ${retryMs} ms (further failures are logged at most every 10 s).`,
  recovered: (waiting: number, dropped: number) =>
    `Audit trail: PostgreSQL can be written again; writing the ${waiting} record(s) that waited${dropped ? `; ${dropped} record(s) were dropped while it could not be written` : ''}.`,
  droppedLog: (dropped: number, maxPending: number) =>
    `Audit trail: ${dropped} record(s) dropped so far, the oldest first: more than ${maxPending} (SKILLNEST_AUDIT_MAX_PENDING) were waiting while PostgreSQL could not be written (logged at most every 10 s).`,
  rejectedLog: (count: number) => `Audit trail: PostgreSQL refused ${count} record(s) as data it cannot store; they are given up, counted as dropped (logged at most every 10 s).`,
  lostAtShutdown: (count: number, why: string) => `Audit trail: ${count} record(s) could not be written before shutdown (${why}) and are lost.`,
  flushedAtShutdown: (count: number) => `Audit trail: wrote the last ${count} record(s) before the pools close.`,
  retentionDeletedLog: (count: number, days: number) => `Audit trail: deleted ${count} record(s) older than ${days} days.`,
};
