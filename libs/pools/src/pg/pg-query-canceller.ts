import { Client, type ClientConfig, type Pool } from 'pg';
import { withTimeout } from '../with-timeout.util';

/** The part of a pooled `pg.Client` the canceller reads: its server process id (from the connection handshake). */
interface Backend {
  processID?: number | null;
}

/**
 * Cancels the statements the pool's connections are still running when its drain deadline
 * passes. Waiting longer would hold the process past its deadline; closing the connections alone
 * would leave the server running each statement until its `statement_timeout`, holding its locks.
 * The server is asked to cancel them (`pg_cancel_backend`, over a fresh connection: the pool is
 * ending): each fails at once, its client is released and the pool can end.
 *
 * Connections are known from the pool's `connect` and `remove` events, so a query costs nothing
 * extra. Once the pool is ending its idle connections are gone, so those left are the busy ones.
 */
export class PgQueryCanceller {
  private readonly backends = new Set<Backend>();

  constructor(
    pool: Pool,
    private readonly config: ClientConfig,
  ) {
    pool.on('connect', (client) => this.backends.add(client as unknown as Backend));
    pool.on('remove', (client) => this.backends.delete(client as unknown as Backend));
  }

  /** Connections still open. */
  get open(): number {
    return this.backends.size;
  }

  /** Asks the server to cancel what every open connection runs, within `timeoutMs`; resolves either way. */
  async cancelAll(timeoutMs: number): Promise<void> {
    const pids = [...this.backends].map((backend) => backend.processID).filter((pid): pid is number => typeof pid === 'number');
    if (!pids.length) return;
    const client = new Client({ ...this.config, connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    const cancel = async () => {
      await client.connect();
      await client.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    };
    try {
      await withTimeout(cancel(), timeoutMs, 'cancel timeout');
    } catch {
      // Best effort: the caller still bounds its wait for the pool to end.
    } finally {
      client.end().catch(() => undefined);
    }
  }
}
