// What tracing adds to the CPU of one tools/call over HTTP (issue 15): the example app as a real
// process, without tracing and with the SDK but no exporter (SKILLNEST_TRACING=on), served the
// same calls (a 2026-07-28 tools/call of an in-memory tool, on the fast path; then the same with
// a client span in _meta). The app's own CPU time is read from /proc, so the load the client
// makes from this process does not count.
//   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/micro/tracing-http-cost.ts
import { readFileSync } from 'node:fs';
import { spawnApp } from '../../test/support/app-process';
import { createTestDatabase } from '../../test/support/test-database';

const CALLS = Number(process.env.CALLS ?? 20_000);
const CONNECTIONS = 10;
const TICK_NS = 1e9 / 100; // USER_HZ

const cpuNs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_NS; // utime + stime
};

function body(id: number, traced: boolean) {
  const meta: Record<string, unknown> = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
  if (traced) meta.traceparent = `00-${id.toString(16).padStart(32, '0')}-${'1'.repeat(16)}-01`;
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'catalog_search_services', arguments: { tier: 'tier1' }, _meta: meta } });
}

async function load(url: string, calls: number, traced: boolean): Promise<void> {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': 'catalog_search_services',
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < calls) {
        const response = await fetch(url, { method: 'POST', headers, body: body(++next, traced) });
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        await response.text();
      }
    }),
  );
}

async function main() {
  const database = await createTestDatabase();
  const rows: string[] = [];
  try {
    for (const [label, env] of [
      ['no tracing', {}],
      ['SDK, no exporter', { SKILLNEST_TRACING: 'on' }],
    ] as const) {
      const app = await spawnApp({ DATABASE_URL: database.url, ...env });
      await app.waitFor(/Skillnest example listening/, 60_000);
      const url = `${app.url}/mcp`;
      const pid = app.child.pid!;
      await load(url, 3_000, false); // warm-up
      for (const traced of [false, true]) {
        let best = Infinity;
        for (let round = 0; round < 3; round++) {
          const before = cpuNs(pid);
          await load(url, CALLS, traced);
          best = Math.min(best, (cpuNs(pid) - before) / CALLS);
        }
        rows.push(`${label.padEnd(18)} ${traced ? 'client span in _meta' : 'no trace context   '}  ${(best / 1000).toFixed(1)} us CPU per call`);
      }
      app.child.kill('SIGTERM');
      await app.exited;
    }
  } finally {
    await database.drop();
  }
  console.log(rows.join('\n'));
}

void main();
