/**
 * Who may read `GET /metrics`. `bearer`: the same bearer auth as the gateway (401 with its
 * challenge without a valid token; with `scope`, 403 `insufficient_scope` without that scope);
 * `port`: a listener of its own (`port`, on `host`, default 127.0.0.1), without auth, and nothing
 * on the app's port; `open`: on the app's port without auth; `off`: not served (the metrics are
 * still collected: inject `MetricsRegistry` to serve or push them yourself).
 */
export type MetricsAccess = 'bearer' | 'port' | 'open' | 'off';

/** Options of the metrics part of `ObservabilityModule` (env: `metricsOptionsFromEnv`). */
export interface MetricsOptions {
  /**
   * Default: `port` when `port` is set; else `bearer` when the gateway guarding the route is
   * authenticated, `open` when it is not (an unauthenticated app only listens on 127.0.0.1).
   */
  access?: MetricsAccess;
  /** With `bearer`: a scope the token must carry (e.g. `metrics:read`). Default: any valid token. */
  scope?: string;
  /** With `port`: the port of the metrics listener (0: any free port, logged). */
  port?: number;
  /** With `port`: the address it binds. Default 127.0.0.1 (set 0.0.0.0 for a scraper on another host). */
  host?: string;
  /** Path of the gateway whose hooks guard the route (`bearer`, `open`). Default `/mcp`, else the first gateway. */
  gateway?: string;
  /** Node process metrics (`collectDefaultMetrics`: CPU, memory, event loop lag, GC, handles). Default true. */
  processMetrics?: boolean;
}
