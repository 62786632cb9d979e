import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startExampleApp } from '../support/example-app.harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** What startup says about a migrations folder it cannot use as given. */
async function startupFailure(database: TestDatabase, dir: string): Promise<string | undefined> {
  return startExampleApp({ env: { DATABASE_URL: database.url, SKILLNEST_MIGRATIONS_DIR: dir } }).then(
    async (running) => {
      await running.close();
      return undefined;
    },
    (error: unknown) => (error as Error).message,
  );
}

describe('migration files: naming rule, order and checksums', () => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'skillnest-migrations-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it('names a migrations folder that does not exist, not the connection', async () => {
    const missing = join(dir, 'nope');
    expect(await startupFailure(database, missing)).toBe(
      `PostgreSQL pool "default" could not apply its migrations: the migrations folder ${missing} cannot be read (ENOENT); check SKILLNEST_MIGRATIONS_DIR.`,
    );
  });

  it('refuses a file that does not follow the naming rule instead of never running it', async () => {
    writeFileSync(join(dir, '001_incidents.sql'), 'CREATE TABLE rules_ok (id int);');
    writeFileSync(join(dir, 'tickets_index.sql'), 'CREATE TABLE rules_never (id int);');
    writeFileSync(join(dir, '.gitkeep'), '');
    expect(await startupFailure(database, dir)).toBe(
      `PostgreSQL pool "default" could not apply its migrations: "tickets_index.sql" in ${dir} does not follow the naming rule NNN_name.sql (e.g. 002_tickets.sql), so it would never run.`,
    );
  });

  it('refuses two files with the same number', async () => {
    writeFileSync(join(dir, '001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '001_b.sql'), 'SELECT 1;');
    expect(await startupFailure(database, dir)).toBe(
      `PostgreSQL pool "default" could not apply its migrations: "001_a.sql" and "001_b.sql" in ${dir} have the same number, so their order is undefined; renumber one.`,
    );
  });

  it('applies the files in numeric order, then refuses to start once an applied one was edited, naming it', async () => {
    writeFileSync(join(dir, '2_second.sql'), 'INSERT INTO rules_order VALUES (2);');
    writeFileSync(join(dir, '10_third.sql'), 'INSERT INTO rules_order VALUES (10);');
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE rules_order (n int); INSERT INTO rules_order VALUES (1);');
    expect(await startupFailure(database, dir)).toBeUndefined();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const applied = (
      await client
        .query<{ name: string; checksum: string }>("SELECT name, checksum FROM skillnest_migrations WHERE name LIKE '%.sql' ORDER BY applied_at, name")
        .finally(() => client.end())
    ).rows;
    expect(applied.map((row) => row.name)).toEqual(['001_first.sql', '2_second.sql', '10_third.sql']);
    for (const row of applied) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);

    // Unchanged files start again without applying anything twice.
    expect(await startupFailure(database, dir)).toBeUndefined();
    writeFileSync(join(dir, '2_second.sql'), 'INSERT INTO rules_order VALUES (2), (3);');
    expect(await startupFailure(database, dir)).toBe(
      'PostgreSQL pool "default" could not apply its migrations: migration 2_second.sql was edited after it was applied (its checksum differs from the one recorded); put the change in a new migration file and restore this one.',
    );
  }, 60_000);
});
