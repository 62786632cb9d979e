import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HttpPool, HttpPoolModule, PgPoolModule, getHttpPoolToken, getPgPoolToken, pgErrorTranslator } from '@skillnest/pools';
import { ADMIN_URL } from '../../support/test-database';

describe('pool modules', () => {
  it('fail the bootstrap when two pools share a name', async () => {
    const compile = Test.createTestingModule({
      imports: [HttpPoolModule.forRoot({ name: 'billing', origin: 'http://127.0.0.1:9' }), HttpPoolModule.forRoot({ name: 'billing', origin: 'http://127.0.0.1:10' })],
    }).compile();
    await expect(compile).rejects.toThrow('Duplicate http pool "billing"');
  });

  it('inject one pg.Pool per name, pinged at init and closed at shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PgPoolModule.forRoot({ name: 'reports', connectionString: ADMIN_URL, max: 2 })],
    }).compile();
    await moduleRef.init();
    const pool = moduleRef.get(getPgPoolToken('reports'));
    expect((await pool.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
    await moduleRef.close();
    expect(pool.ending).toBe(true);
  });
});

/** A local upstream that answers with its own name, to tell two pools apart. */
async function upstream(name: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ upstream: name })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

@Injectable()
class UpstreamSettings {
  static origin = '';
  readonly billing = UpstreamSettings.origin;
}

@Module({ providers: [UpstreamSettings], exports: [UpstreamSettings] })
class SettingsModule {}

describe('pool modules in the ConfigurableModuleBuilder style', () => {
  it('forRoot and forRootAsync (with imports and inject) give each named pool its own options', async () => {
    const [billing, search] = [await upstream('billing'), await upstream('search')];
    UpstreamSettings.origin = billing.origin;
    const moduleRef = await Test.createTestingModule({
      imports: [
        HttpPoolModule.forRoot({ name: 'search', origin: search.origin }),
        HttpPoolModule.forRootAsync({
          name: 'billing',
          imports: [SettingsModule],
          inject: [UpstreamSettings],
          useFactory: (settings: UpstreamSettings) => ({ origin: settings.billing }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    try {
      const ask = (name: string) => moduleRef.get<HttpPool>(getHttpPoolToken(name)).requestJson<{ upstream: string }>({ path: '/' });
      expect((await ask('billing')).body).toEqual({ upstream: 'billing' });
      expect((await ask('search')).body).toEqual({ upstream: 'search' });
    } finally {
      await moduleRef.close();
      billing.server.close();
      search.server.close();
    }
  });

  it('PgPoolModule.forRootAsync names the pool before its factory runs', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PgPoolModule.forRootAsync({ name: 'audit', useFactory: async () => ({ connectionString: ADMIN_URL, max: 1 }) })],
    }).compile();
    await moduleRef.init();
    const pool = moduleRef.get(getPgPoolToken('audit'));
    expect((await pool.query('SELECT 6 * 7 AS answer')).rows).toEqual([{ answer: 42 }]);
    await moduleRef.close();
  });
});

describe('pgErrorTranslator', () => {
  const withCode = (message: string, code?: string) => Object.assign(new Error(message), { code });

  it('turns connection loss and shutdowns into a clear, retryable message', () => {
    for (const error of [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('Connection terminated unexpectedly'),
      withCode('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'),
      withCode('timeout exceeded when trying to connect'),
    ]) {
      expect(pgErrorTranslator(error)).toMatchObject({ name: 'DatabaseUnavailableError', data: { reason: 'database_unavailable' } });
      expect(pgErrorTranslator(error)!.message).not.toContain('10.0.0.5');
    }
  });

  it('names a statement timeout', () => {
    expect(pgErrorTranslator(withCode('canceling statement due to statement timeout', '57014'))?.message).toContain('took too long');
  });

  it('leaves query bugs alone, so they stay internal errors with an error id', () => {
    expect(pgErrorTranslator(withCode('relation "incidnets" does not exist', '42P01'))).toBeUndefined();
    expect(pgErrorTranslator('not an error')).toBeUndefined();
  });
});
