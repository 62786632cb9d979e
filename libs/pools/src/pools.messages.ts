/** Every message of the pools library. Targets are named `host:port`, never with credentials. */
export const PoolsMessages = {
  duplicatePool: (kind: string, name: string) => `Duplicate ${kind} pool "${name}": two modules register a pool under that name. Give one of them another \`name\`.`,
  pgUnreachable: (name: string, target: string, cause: string) => `PostgreSQL pool "${name}" cannot reach ${target}: ${cause}. Check DATABASE_URL and that the server is running.`,
  pgMigrationFailed: (name: string, cause: string) => `PostgreSQL pool "${name}" could not apply its migrations: ${cause}.`,
  pgRetrying: (name: string, target: string, cause: string, retryMs: number) =>
    `PostgreSQL pool "${name}" cannot reach ${target} (${cause}); starting not-ready, retrying every ${retryMs} ms.`,
  pgNotReady: (target: string, cause: string) => `${target} did not answer the ping (${cause})`,
  poolNotReady: (key: string, reason: string, detail: string) => `Pool ${key} is not ready (${reason}): ${detail}. Logged once until the cause changes.`,
  pgRecovered: (name: string, target: string) => `PostgreSQL pool "${name}" reached ${target}; ready.`,
  embeddedStarted: (name: string, dataDir: string) =>
    `No DATABASE_URL: PostgreSQL pool "${name}" uses an EMBEDDED PostgreSQL (PGlite) with its data ${dataDir.startsWith('memory://') ? 'in memory (lost at exit)' : `in the local folder ${dataDir}`}. For production, set DATABASE_URL.`,
  pgReady: (name: string, target: string, max: number) => `PostgreSQL pool "${name}" connected to ${target} (max ${max} connections).`,
  pgStalled: (name: string, limitMs: number) => `PostgreSQL pool "${name}": a query got no answer for ${limitMs} ms; its connection was closed and will be replaced.`,
  pgIdleError: (name: string, cause: string) => `PostgreSQL pool "${name}" lost an idle connection (${cause}); it will be replaced on next use.`,
  pgCancelling: (name: string, ms: number, open: number) =>
    `PostgreSQL pool "${name}" still had ${open} connection(s) in use at its drain deadline (${ms} ms); cancelling their statements.`,
  drainTimedOut: (kind: string, name: string, ms: number) => `${kind} pool "${name}" still had connections in use after ${ms} ms; closing it anyway.`,
  httpPoolBadLimit: (name: string, option: string, value: unknown) =>
    `HTTP pool "${name}": ${option} must be a positive number of ${option === 'connections' ? 'connections' : option === 'maxResponseBytes' ? 'bytes' : 'milliseconds'}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}.`,
  httpPoolReady: (name: string, connections: number) => `HTTP pool "${name}" ready (${connections} connections).`,
  upstreamTimeout: (name: string, phase: string, ms: number) => `Upstream "${name}" did not answer in time (${phase}, limit ${ms} ms). Try again later.`,
  upstreamUnreachable: (name: string) => `Upstream "${name}" is unreachable right now. Try again later.`,
  upstreamReset: (name: string) => `Upstream "${name}" closed the connection before answering. Try again later.`,
  upstreamTooLarge: (name: string, max: number) => `Upstream "${name}" sent a response larger than ${max} bytes; it was discarded.`,
  upstreamStatus: (name: string, status: number) => `Upstream "${name}" answered HTTP ${status}.`,
  upstreamBadBody: (name: string) => `Upstream "${name}" sent a response that is not valid JSON.`,
  upstreamCancelled: (name: string) => `The call to upstream "${name}" was cancelled.`,
  httpPoolUnconfigured: (name: string, setting: string) => `Upstream "${name}" is not configured: set ${setting} to its origin (for example http://127.0.0.1:4010).`,
};
