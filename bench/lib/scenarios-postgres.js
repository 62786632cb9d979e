'use strict';
// The PostgreSQL scenario: a primary-key SELECT through a skill against raw pg in a Fastify
// route, on a seeded table. Methods of `Bench` (see scenarios.js).
const { runProcess } = require('./proc');
const { buildRequest } = require('./wire');
const { log } = require('./setup');

/**
 * Moves the PostgreSQL backends serving the bench database to core 1, the load generator's core.
 * PostgreSQL is a system service and runs unpinned; left alone, the kernel sometimes runs a
 * backend on core 0 and it takes CPU from the server being measured, which made one round of the
 * same server 30% slower than the next. Needs the right to change another process's affinity
 * (root, or the postgres user); without it nothing is pinned and the row says 0.
 */
async function pinPostgresBackends(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    let pinned = 0;
    for (const { pid } of rows) {
      const { code } = await runProcess('taskset', ['-p', '-c', '1', String(pid)], { timeoutMs: 5000 });
      if (code === 0) pinned++;
    }
    return pinned;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates and seeds bench_items (10,000 rows) in the `test` database; idempotent. */
async function seedPostgres(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS bench_items (id integer PRIMARY KEY, name text NOT NULL)');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM bench_items');
    if (rows[0].n !== 10_000) {
      await client.query('TRUNCATE bench_items');
      await client.query("INSERT INTO bench_items (id, name) SELECT g, 'item-' || g FROM generate_series(1, 10000) AS g");
      await client.query('ANALYZE bench_items');
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}: ${error.message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresMethods = {
  // --- PostgreSQL: a primary-key SELECT through a skill vs raw pg in a Fastify route -----------
  async postgres() {
    const seeded = await seedPostgres(this.config.pgUrl);
    if (!seeded.ok) {
      this.failures.push(`PostgreSQL scenario skipped: ${seeded.reason}`);
      log(`PostgreSQL scenario skipped: ${seeded.reason}`);
      return;
    }
    await this.inRounds(() => this.postgresPass(), this.config.targetRounds);
  },

  async postgresPass() {
    const id = 4242;
    const expect = { kind: 'textIncludes', text: `item-${id}` };
    for (const server of ['fastify-bare', 'skillnest']) {
      log(`PostgreSQL: ${server}`);
      await this.withServer(server, { BENCH_PG: '1', BENCH_PG_URL: this.config.pgUrl }, async (running) => {
        const params = { name: 'pg_get_item', arguments: { id } };
        const request = buildRequest({ wire: 'modern', method: 'tools/call', params, id: 1 });
        for (const connections of this.config.pgConnections) {
          // The warm-up opened the pool's connections; their backends are pinned before measuring.
          const beforeMeasuring = async () => ({ pgBackendsPinned: this.config.pinned ? await pinPostgresBackends(this.config.pgUrl) : 0 });
          await this.measure(
            running,
            { scenario: 'pg select', server: server === 'fastify-bare' ? 'raw pg (fastify)' : server, wire: server === 'fastify-bare' ? 'n/a' : 'modern', tools: 1, connections },
            { request, expect, id: 1, beforeMeasuring },
          );
        }
      });
    }
  },
};

module.exports = { postgresMethods, seedPostgres };
