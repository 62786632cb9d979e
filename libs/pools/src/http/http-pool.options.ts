/** Options of one upstream HTTP pool (`HttpPoolModule.forRoot()`). Every timeout has a finite default. */
export interface HttpPoolOptions {
  /** Pool name for `@InjectHttpPool(name)`; also how errors name the upstream. */
  name: string;
  /** `http(s)://host:port` of the upstream. Unset: every call fails with a clear "not configured" error. */
  origin?: string;
  /** The environment variable that configures `origin`, named in the "not configured" error. */
  originSetting?: string;
  /** Maximum open connections. Default 10. */
  connections?: number;
  /** Time allowed to connect, in ms. Default 2000. */
  connectTimeoutMs?: number;
  /** Time allowed until response headers arrive, in ms. Default 5000. */
  headersTimeoutMs?: number;
  /** Time allowed between body chunks, in ms. Default 5000. */
  bodyTimeoutMs?: number;
  /** Larger responses are discarded with an error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Sent on every request, e.g. the upstream's own credentials. Never the MCP client's token. */
  defaultHeaders?: Record<string, string>;
  /** Time allowed for in-flight requests at shutdown, in ms. Default 10000. */
  drainTimeoutMs?: number;
}

export const HTTP_POOL_DEFAULTS = {
  connections: 10,
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 5_000,
  bodyTimeoutMs: 5_000,
  maxResponseBytes: 1024 * 1024,
  drainTimeoutMs: 10_000,
} as const;
