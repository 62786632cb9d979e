/** What a PostgreSQL pool holds right now, and the connections it lost since it started (for metrics). */
export interface PgPoolStats {
  readonly kind: 'postgres';
  readonly name: string;
  /** Connections open, idle or in use. */
  readonly total: number;
  readonly idle: number;
  /** Queries waiting for a connection (the pool is at `max`). */
  readonly waiting: number;
  readonly max: number;
  /** Connections that failed while open (idle or in use), since the pool started. */
  readonly errors: number;
}

/** What an HTTP pool holds right now (undici's `Pool.stats`), and its failed requests since it started, by reason. */
export interface HttpPoolStats {
  readonly kind: 'http';
  readonly name: string;
  /** False for a pool without an origin (every other count is then 0). */
  readonly configured: boolean;
  readonly connected: number;
  readonly free: number;
  readonly pending: number;
  readonly queued: number;
  readonly running: number;
  /** Requests that got no usable answer, by `UpstreamError` reason (`timeout`, `unreachable`, `reset`, `status`, ...). */
  readonly errors: Readonly<Record<string, number>>;
}

/** A pool's `stats()`: plain numbers, cheap to read at every scrape, no metrics library involved. */
export type PoolStats = PgPoolStats | HttpPoolStats;
