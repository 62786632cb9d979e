import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { HttpPoolModule, PgPoolModule, pgErrorTranslator } from '@skillnest/pools';
import { ADMIN_URL } from '../../support/test-database';

describe('pool modules', () => {
  it('fail the bootstrap when two pools share a name', async () => {
    const compile = Test.createTestingModule({
      imports: [HttpPoolModule.forRoot({ name: 'billing', origin: 'http://127.0.0.1:9' }), HttpPoolModule.forRoot({ name: 'billing', origin: 'http://127.0.0.1:10' })],
    }).compile();
    await expect(compile).rejects.toThrow('Duplicate http pool "billing"');
  });

  it('inject one pg.Pool per name, pinged at init and closed at shutdown', async () => {
    const { getPgPoolToken } = await import('@skillnest/pools');
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
