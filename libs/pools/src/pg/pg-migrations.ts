import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { readMigrationFiles } from './migration-files';
import { MigrationError } from './migration.error';

// Any fixed number works as long as every replica uses the same one.
const MIGRATION_LOCK_ID = 0x5_1c_11_7e;

/** One migration: a name recorded in `skillnest_migrations` once applied, and its SQL. */
export interface Migration {
  name: string;
  sql: string;
}

export { MigrationError } from './migration.error';

/**
 * Applies each `NNN_name.sql` of `dir` once, in numeric order (see `applyMigrations`). Returns the
 * names applied by this call.
 */
export async function runMigrations(pool: Pool, dir: string): Promise<string[]> {
  return applyMigrations(pool, await readMigrationFiles(dir));
}

const checksumOf = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * The checksums of what was applied. A migration edited after it ran is refused, since its new
 * SQL would never run anywhere it ran already; a row from before checksums were kept gets the
 * current file's.
 */
async function checkApplied(client: PoolClient, migrations: Migration[]): Promise<Set<string>> {
  await client.query('CREATE TABLE IF NOT EXISTS skillnest_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  await client.query('ALTER TABLE skillnest_migrations ADD COLUMN IF NOT EXISTS checksum text');
  const rows = (await client.query<{ name: string; checksum: string | null }>('SELECT name, checksum FROM skillnest_migrations')).rows;
  const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
  for (const { name, sql } of migrations) {
    if (!recorded.has(name)) continue;
    const checksum = checksumOf(sql);
    const before = recorded.get(name);
    if (before === null) await client.query('UPDATE skillnest_migrations SET checksum = $2 WHERE name = $1', [name, checksum]);
    else if (before !== checksum) {
      throw new MigrationError(
        `migration ${name} was edited after it was applied (its checksum differs from the one recorded); put the change in a new migration file and restore this one`,
      );
    }
  }
  return new Set(recorded.keys());
}

/**
 * Applies each migration not yet recorded in `skillnest_migrations`, in the order given, each in
 * its own transaction, and refuses to start when one already applied was edited (checksums). An advisory lock makes replicas that start together apply them once; a
 * library ships its own this way (names it prefixes, so they never clash with the app's files).
 * Hand-written because the job is twenty lines and the migration libraries bring their own CLIs
 * and conventions.
 */
export async function applyMigrations(pool: Pool, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const done = await checkApplied(client, migrations);
    for (const { name, sql } of migrations.filter((migration) => !done.has(migration.name))) {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO skillnest_migrations (name, checksum) VALUES ($1, $2)', [name, checksumOf(sql)]);
        await client.query('COMMIT');
        applied.push(name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${name} failed: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}. Fix that migration file and start again`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
  return applied;
}
