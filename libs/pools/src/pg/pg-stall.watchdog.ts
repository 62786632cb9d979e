import { Client, type Pool } from 'pg';

/** The part of a pooled `pg.Client` the watchdog reads: its query in flight and its socket. */
interface WatchedClient {
  _activeQuery?: object | null;
  connection?: { stream?: { destroy(error?: Error): void } };
}

/** Whether this `pg` exposes a client's query in flight, which the watchdog needs. */
export const canWatchPgStalls = '_activeQuery' in (new Client() as unknown as WatchedClient);

/**
 * Closes the connection of a pooled client whose query has had no answer for `limitMs`: the
 * PostgreSQL server stopped answering altogether (a dead host, a half-open connection), which
 * the server-side `statement_timeout` cannot catch. The query then fails with a connection error
 * and the pool replaces the client.
 *
 * Hand-written instead of pg's own `query_timeout` because that arms a timer and a closure for
 * every query: measured at about 5% of the CPU of a primary-key SELECT served through a skill
 * (bench/ A/B, 5 interleaved rounds). This looks at each client a few times per limit instead, so a
 * query costs nothing extra. It reads pg's `_activeQuery`; where a pg version lacks it
 * (`canWatchPgStalls` false), the pool falls back to `query_timeout`.
 */
export class PgStallWatchdog {
  /** The query in flight on each client when first seen, and when that was. */
  private readonly seen = new Map<WatchedClient, { query: object; since: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    pool: Pool,
    private readonly limitMs: number,
    private readonly onStall: () => void,
  ) {
    // A query is first seen at most a quarter of the limit after it started, so it is cut between
    // `limitMs` and 1.25 x `limitMs` after it was sent, never before.
    this.timer = setInterval(() => this.check(), Math.max(50, Math.floor(limitMs / 4)));
    this.timer.unref();
    pool.on('connect', (client) => this.seen.set(client as unknown as WatchedClient, { query: NO_QUERY, since: 0 }));
    pool.on('remove', (client) => this.seen.delete(client as unknown as WatchedClient));
  }

  stop(): void {
    clearInterval(this.timer);
    this.seen.clear();
  }

  private check(): void {
    const now = Date.now();
    for (const [client, last] of this.seen) {
      const query = client._activeQuery;
      if (!query) {
        last.query = NO_QUERY;
      } else if (query !== last.query) {
        last.query = query;
        last.since = now;
      } else if (now - last.since >= this.limitMs) {
        last.query = NO_QUERY;
        client.connection?.stream?.destroy();
        this.onStall();
      }
    }
  }
}

const NO_QUERY = Object.freeze({});
