import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { spawnApp, type AppProcess } from './app-process';
import { startBalancer, type Balancer } from './nginx-balancer';
import { dropRedisPrefix, TEST_REDIS_URL } from './redis-prefix';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TOPOLOGY_TOKEN = 'topology-token-0123456789';

export interface Topology {
  replicas: AppProcess[];
  balancer: Balancer;
  database: TestDatabase;
  auth: Record<string, string>;
  /** Rows of one query on the topology's database. */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * The shipped deployment on 127.0.0.1: `count` replicas of the example service as real
 * processes (fixture app), the shipped nginx config in front, the machine's Redis under a
 * prefix of its own, and a fresh database. Settings as docker-compose.yml has them.
 */
export async function startTopology(count: number): Promise<Topology> {
  const database = await createTestDatabase();
  const prefix = `skillnest-topology-${randomUUID()}`;
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    SKILLNEST_REDIS_PREFIX: prefix,
    SKILLNEST_TOKENS: `ops=${TOPOLOGY_TOKEN}`,
    SKILLNEST_STATE_KEY: 't'.repeat(48),
    SKILLNEST_DRAIN_TIMEOUT_MS: '8000',
    // As docker-compose.yml sets it, above the shipped nginx's upstream keepalive_timeout.
    SKILLNEST_DRAIN_LINGER_MS: '4000',
    PG_POOL_MAX: '10',
  };
  const replicas = await Promise.all(Array.from({ length: count }, () => spawnApp(env)));
  await Promise.all(replicas.map((replica) => replica.waitFor(/Skillnest example listening/, 90_000)));
  const balancer = await startBalancer(replicas.map((replica) => replica.port));
  return {
    replicas,
    balancer,
    database,
    auth: { authorization: `Bearer ${TOPOLOGY_TOKEN}` },
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
      const client = new PgClient({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      for (const replica of replicas) replica.kill();
      await balancer.stop();
      await database.drop();
      await dropRedisPrefix(prefix);
    },
  };
}
