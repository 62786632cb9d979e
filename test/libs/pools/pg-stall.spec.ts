import 'reflect-metadata';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import { PgPoolModule, getPgPoolToken } from '@skillnest/pools';
import type { Pool } from 'pg';
import { CaptureLogger } from '../../support/capture.logger';
import { ADMIN_URL } from '../../support/test-database';

/**
 * A TCP relay to the machine's PostgreSQL that can go silent: while `silent`, nothing the server
 * sends reaches the client, yet the connection stays open. That is a server that stopped answering
 * (a dead host, a half-open connection), which no server-side timeout can report.
 */
async function silenceableRelay(target: URL) {
  const state = { silent: false };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => state.silent || client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: url.toString(),
    state,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a PostgreSQL server that stops answering', () => {
  it('fails the waiting query once statement + connection timeout have passed, says so in the log, and serves again on a new connection', async () => {
    const relay = await silenceableRelay(new URL(ADMIN_URL));
    const logs = new CaptureLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [PgPoolModule.forRoot({ name: 'stalls', connectionString: relay.url, max: 1, statementTimeoutMs: 400, connectionTimeoutMs: 400 })],
    })
      .setLogger(logs)
      .compile();
    moduleRef.useLogger(logs);
    await moduleRef.init();
    try {
      const pool = moduleRef.get<Pool>(getPgPoolToken('stalls'));
      expect((await pool.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);

      relay.state.silent = true;
      const started = Date.now();
      await expect(pool.query('SELECT 2 AS n')).rejects.toThrow();
      const waited = Date.now() - started;
      // Not before the limit (400 + 400 ms), and not long after it (the watchdog looks four times per limit).
      expect(waited).toBeGreaterThanOrEqual(800);
      expect(waited).toBeLessThan(3_000);
      expect(logs.lines.join('\n')).toContain('PostgreSQL pool "stalls": a query got no answer for 800 ms; its connection was closed and will be replaced.');

      relay.state.silent = false;
      expect((await pool.query('SELECT 3 AS n')).rows).toEqual([{ n: 3 }]);
    } finally {
      await moduleRef.close();
      await relay.close();
    }
  });

  it('leaves a slow query that the server is still running alone until statement_timeout ends it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PgPoolModule.forRoot({ name: 'slow', connectionString: ADMIN_URL, max: 1, statementTimeoutMs: 600, connectionTimeoutMs: 2_000 })],
    }).compile();
    await moduleRef.init();
    try {
      const pool = moduleRef.get<Pool>(getPgPoolToken('slow'));
      // The server answers this one itself, with its own error, before the client-side limit.
      await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect((await pool.query('SELECT 4 AS n')).rows).toEqual([{ n: 4 }]);
    } finally {
      await moduleRef.close();
    }
  });
});
