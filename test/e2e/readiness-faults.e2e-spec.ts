import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { HealthModule, PgPoolModule } from '@skillnest/pools';
import { CaptureLogger } from '../support/capture.logger';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { ADMIN_URL } from '../support/test-database';

/** The machine's PostgreSQL (with its credentials) reached through the fault proxy's port. */
const throughProxy = (port: number) => Object.assign(new URL(ADMIN_URL), { host: `127.0.0.1:${port}` }).toString();

/** What /readyz must never tell an unauthenticated caller: addresses, ports, driver codes and wording. */
const LEAKS = /127\.0\.0\.1|localhost|5432|ECONN|57P03|connect|database system|shutting|within \d+ ms|Error/;

describe('/readyz when the database fails', () => {
  let proxy: PgFaultProxy;
  let app: NestFastifyApplication;
  let origin: string;
  const logs = new CaptureLogger();

  beforeAll(async () => {
    proxy = await new PgFaultProxy().start();
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ pingTimeoutMs: 500 }), PgPoolModule.forRoot({ name: 'faulty', connectionString: throughProxy(proxy.port), connectionTimeoutMs: 3_000 })],
    })
      .setLogger(logs)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: logs });
    await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await proxy?.close();
    await app?.close();
  });

  /** Three probes in a row: each answers 503 with only the short reason. */
  async function probeThrice(reason: string): Promise<void> {
    for (let probe = 0; probe < 3; probe++) {
      const response = await fetch(`${origin}/readyz`);
      const raw = await response.text();
      expect(response.status).toBe(503);
      expect(JSON.parse(raw)).toEqual({
        status: 'error',
        info: {},
        error: { 'postgres:faulty': { status: 'down', reason } },
        details: { 'postgres:faulty': { status: 'down', reason } },
      });
      expect(raw).not.toContain(String(proxy.port));
      expect(raw).not.toMatch(LEAKS);
    }
  }

  const linesAbout = (cause: RegExp) => logs.lines.filter((line) => line.includes('postgres:faulty') && cause.test(line));

  it('is ready while the database answers', async () => {
    const response = await fetch(`${origin}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', details: { 'postgres:faulty': { status: 'up' } } });
  });

  it('says "timeout" for a server that accepts and never answers, and logs the cause once', async () => {
    proxy.goSilent();
    await probeThrice('timeout');
    expect(linesAbout(/timeout/)).toHaveLength(1);
    expect(linesAbout(/timeout/)[0]).toMatch(/^warn /);
  });

  it('says "unavailable" for a server that is shutting down, and logs the cause once', async () => {
    proxy.shutDown();
    await probeThrice('unavailable');
    const logged = linesAbout(/57P03/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('the database system is shutting down');
  });

  it('says "unreachable" for a closed port, and logs the cause once, naming the target', async () => {
    await proxy.close();
    await probeThrice('unreachable');
    const logged = linesAbout(/ECONNREFUSED/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`127.0.0.1:${proxy.port}`);
  });
});
