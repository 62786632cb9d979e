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
  /**
   * Time allowed for a whole request, in ms: waiting for a free connection, connecting, the
   * headers and the entire body together. The timeouts above are per phase and per chunk, so an
   * upstream trickling a byte now and then would otherwise never be cut. Default 30000.
   */
  requestTimeoutMs?: number;
  /** Larger responses are discarded with an error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Sent on every request, e.g. the upstream's own credentials. Never the MCP client's token. */
  defaultHeaders?: Record<string, string>;
  /**
   * Time allowed for in-flight requests at shutdown, in ms, counted from the start of the app's
   * shutdown (not from when this pool's turn comes); requests still running then are aborted. Default 10000.
   */
  drainTimeoutMs?: number;
}

export const HTTP_POOL_DEFAULTS = {
  connections: 10,
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 5_000,
  bodyTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  maxResponseBytes: 1024 * 1024,
  drainTimeoutMs: 10_000,
} as const;
