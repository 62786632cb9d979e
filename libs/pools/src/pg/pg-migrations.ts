import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';

// Any fixed number works as long as every replica uses the same one.
const MIGRATION_LOCK_ID = 0x5_1c_11_7e;
const FILE_PATTERN = /^(\d+)_[\w-]+\.sql$/;

/** A migration the server refused (its SQL), as opposed to a server that cannot be reached. */
export class MigrationError extends Error {}

/**
 * Applies each `NNN_name.sql` of `dir` once, in numeric order, each in its own transaction,
 * recording it in `skillnest_migrations`. An advisory lock makes replicas that start together
 * apply them once. Returns the names applied by this call. Hand-written because the job is
 * twenty lines and the migration libraries bring their own CLIs and conventions.
 */
export async function runMigrations(pool: Pool, dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((file) => FILE_PATTERN.test(file));
  files.sort((a, b) => Number(FILE_PATTERN.exec(a)![1]) - Number(FILE_PATTERN.exec(b)![1]));
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query('CREATE TABLE IF NOT EXISTS skillnest_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM skillnest_migrations')).rows.map((row) => row.name));
    for (const file of files.filter((name) => !done.has(name))) {
      const sql = await readFile(join(dir, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO skillnest_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
        applied.push(file);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${file} failed: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
  return applied;
}
