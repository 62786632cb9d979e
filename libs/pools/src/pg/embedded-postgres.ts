import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataFolderLock } from './data-folder.lock';

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedPostgres {
  connectionString: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly, from npm) with its data in `dataDir` (or in
 * memory for `memory://`), and
 * serves it on 127.0.0.1 over the PostgreSQL wire protocol, so the app reaches it through the
 * very same `pg` Pool code path as a real server. Chosen over a native embedded server because
 * it needs no install script, no system user and runs as root in CI.
 *
 * Its limits, which only matter for local use: all connections share one backend (queries run
 * one at a time; `SET` is visible to every connection; named prepared statements clash) and
 * `statement_timeout` is not enforced. Keep the pool's `max` at or below `maxConnections`.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  // `memory://` keeps nothing on disk (tests, throwaway fixtures).
  const inMemory = dataDir.startsWith('memory://');
  const absolute = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) mkdirSync(dirname(absolute), { recursive: true });
  const lock = inMemory ? undefined : DataFolderLock.acquire(absolute);
  try {
    const db = await PGlite.create(absolute);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    return {
      connectionString: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
      dataDir: absolute,
      async stop() {
        await server.stop();
        await db.close();
        lock?.unlock();
      },
    };
  } catch (error) {
    lock?.unlock();
    throw error;
  }
}
