import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';

// Any fixed number works as long as every replica uses the same one.
const MIGRATION_LOCK_ID = 0x5_1c_11_7e;
const FILE_PATTERN = /^(\d+)_[\w-]+\.sql$/;

/** One migration: a name recorded in `skillnest_migrations` once applied, and its SQL. */
export interface Migration {
  name: string;
  sql: string;
}

/** A migration the server refused (its SQL), as opposed to a server that cannot be reached. */
export class MigrationError extends Error {}

/**
 * Applies each `NNN_name.sql` of `dir` once, in numeric order (see `applyMigrations`). Returns the
 * names applied by this call.
 */
export async function runMigrations(pool: Pool, dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((file) => FILE_PATTERN.test(file));
  files.sort((a, b) => Number(FILE_PATTERN.exec(a)![1]) - Number(FILE_PATTERN.exec(b)![1]));
  return applyMigrations(pool, await Promise.all(files.map(async (name) => ({ name, sql: await readFile(join(dir, name), 'utf8') }))));
}

/**
 * Applies each migration not yet recorded in `skillnest_migrations`, in the order given, each in
 * its own transaction. An advisory lock makes replicas that start together apply them once; a
 * library ships its own this way (names it prefixes, so they never clash with the app's files).
 * Hand-written because the job is twenty lines and the migration libraries bring their own CLIs
 * and conventions.
 */
export async function applyMigrations(pool: Pool, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query('CREATE TABLE IF NOT EXISTS skillnest_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM skillnest_migrations')).rows.map((row) => row.name));
    for (const { name, sql } of migrations.filter((migration) => !done.has(migration.name))) {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO skillnest_migrations (name) VALUES ($1)', [name]);
        await client.query('COMMIT');
        applied.push(name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${name} failed: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
  return applied;
}
