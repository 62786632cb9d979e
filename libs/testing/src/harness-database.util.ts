import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The admin connection used when neither the options nor `TEST_PG_ADMIN_URL` give one: the machine's server, trust auth. */
export const DEFAULT_TEST_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database made for one harness: its name and connection string, until `drop()`. */
export interface CreatedDatabase {
  name: string;
  /** The admin URL with this database's name: what `DATABASE_URL` would be. */
  url: string;
  /** Drops it, ending its connections first (`WITH (FORCE)`); safe to call twice. */
  drop(): Promise<void>;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database with a random name (`skillnest_test_<hex>`, so suites running at once
 * never share one) on the server `adminUrl` reaches. The name is made here, never taken from
 * input, so it can stand in the SQL as is (identifiers cannot be bound parameters).
 */
export async function createDatabase(adminUrl = process.env.TEST_PG_ADMIN_URL || DEFAULT_TEST_PG_ADMIN_URL): Promise<CreatedDatabase> {
  const name = `skillnest_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.href,
    drop: () => (dropped ??= asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
