import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient } from '../support/mcp-clients';
import { spawnApp, type AppProcess } from '../support/app-process';

// A real process: PGlite loads its WebAssembly through a dynamic import that jest's module
// sandbox cannot run, and this is how `npm start` runs it anyway.
describe('the embedded default database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skillnest-embedded-'));
  const running: AppProcess[] = [];
  afterAll(() => {
    running.forEach((app) => app.kill());
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<AppProcess> {
    const app = await spawnApp({ SKILLNEST_DATA_DIR: dataDir });
    running.push(app);
    await app.waitFor(/Skillnest example listening/, 60_000);
    return app;
  }

  async function stop(app: AppProcess): Promise<void> {
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }

  it('starts with no DATABASE_URL, says so, serves database skills and keeps the data across restarts', async () => {
    const first = await start();
    expect(first.output()).toMatch(/WARN.*No DATABASE_URL: PostgreSQL pool "default" uses an EMBEDDED PostgreSQL/);
    const { client } = await connectClient('v2 auto (2026-07-28)', new URL('/mcp', first.url));
    const opened = await client.callTool({
      name: 'incident_open',
      arguments: { service: 'search-indexer', severity: 'sev3', title: 'Indexer backlog growing', summary: 'Queue depth doubled since the upgrade' },
    });
    const id = (opened.structuredContent as { id: string }).id;
    expect(id).toBe('INC-1001');
    const found = await client.callTool({ name: 'incident_search', arguments: { query: 'queue backlog' } });
    expect((found.structuredContent as { incidents: Array<{ id: string }> }).incidents.map((incident) => incident.id)).toEqual([id]);
    await client.close();
    await stop(first);

    const second = await start();
    const { client: again } = await connectClient('v2 legacy', new URL('/mcp', second.url));
    const record = await again.readResource({ uri: `incident://incidents/${id}` });
    expect(JSON.parse(record.contents[0].text!)).toMatchObject({ id, title: 'Indexer backlog growing' });
    await again.close();
    await stop(second);
  }, 120_000);

  it('refuses a second process on the same data folder, naming the one that holds it, and takes over a folder whose holder was killed', async () => {
    const holder = await start();
    const second = await spawnApp({ SKILLNEST_DATA_DIR: dataDir });
    running.push(second);
    const exit = await second.exited;
    expect(exit.code).toBe(1);
    expect(second.output()).toContain(
      `Startup failed: The embedded PostgreSQL data folder ${dataDir} is in use by process ${holder.child.pid} (see ${dataDir}.lock). Stop that process, give this one another folder (SKILLNEST_DATA_DIR), or set DATABASE_URL.`,
    );
    // Killed outright, the holder leaves its lock file behind: the next process sees it runs no more.
    holder.child.kill('SIGKILL');
    await holder.exited;
    const next = await start();
    const { client } = await connectClient('v2 auto (2026-07-28)', new URL('/mcp', next.url));
    const found = await client.callTool({ name: 'incident_search', arguments: { query: 'queue backlog' } });
    expect((found.structuredContent as { incidents: Array<{ id: string }> }).incidents.map((incident) => incident.id)).toEqual(['INC-1001']);
    await client.close();
    await stop(next);
  }, 120_000);
});
