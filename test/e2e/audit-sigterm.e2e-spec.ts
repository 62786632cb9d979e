import { spawnApp, type AppProcess } from '../support/app-process';
import { auditRows } from '../support/audit-rows';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const OPS = 'ops-sigterm-token-0123456789';

// The example service as a real process, with records certainly pending (the flush timer an
// hour away, batches larger than the calls): SIGTERM writes them before the process exits.
describe('audit records pending at SIGTERM', () => {
  let database: TestDatabase;
  let app: AppProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await spawnApp({ DATABASE_URL: database.url, SKILLNEST_TOKENS: `ops=${OPS}`, SKILLNEST_AUDIT_FLUSH_INTERVAL_MS: '3600000' });
    await app.waitFor(/Skillnest example listening/, 60_000);
  }, 70_000);

  afterAll(async () => {
    app?.kill();
    await database?.drop();
  });

  it('flushes them in the drain: every call is in the table after the process exits 0', async () => {
    const tiers = ['tier1', 'tier2', 'tier3'];
    for (const tier of tiers) {
      const response = await fetch(`${app.url}/skills/catalog_search_services/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${OPS}` },
        body: JSON.stringify({ tier }),
      });
      expect(response.status).toBe(200);
    }
    // The table exists (created at startup) and holds nothing yet.
    expect(await auditRows(database.url)).toHaveLength(0);

    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    const rows = await auditRows(database.url, 'catalog_search_services');
    expect(rows.map((row) => [row.via, row.caller_id, row.auth_method, row.outcome])).toEqual(tiers.map(() => ['rest', 'static:ops', 'static', 'ok']));
    expect(app.output()).toContain('Audit trail: wrote the last 3 record(s) before the pools close.');
    expect(app.output()).not.toMatch(/Audit trail: .*lost/);
  });
});
