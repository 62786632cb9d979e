// The per-call cost of the audit trail on the request path: `AuditObserver.settled` (build the
// record, digest the arguments, queue it), measured in-process over many calls. The flush is off
// the request path and not measured here. Run from the repository root:
//   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/micro/audit-settled.bench.ts
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { ToolDefinition } from '@skillnest/skills';
import type { CallSettled, ObservedCall } from '../../libs/gateway/src/observe/skill-call-observer';
import { AuditObserver } from '../../libs/gateway/src/observe/audit/audit.observer';
import { resolveAuditSettings } from '../../libs/gateway/src/observe/audit/audit-settings';
import type { AuditStorage } from '../../libs/gateway/src/observe/audit/audit-storage';
import { AuditWriter } from '../../libs/gateway/src/observe/audit/audit-writer';
import { argumentsDigest, canonicalJson } from '../../libs/gateway/src/observe/audit/audit-arguments.util';
import { auditRecord } from '../../libs/gateway/src/observe/audit/audit-record';

const CALLS = 100_000;
const ROUNDS = 7;

// Nothing is ever written: the storage has no pool, and no batch ever fills.
const settings = resolveAuditSettings({ maxPending: CALLS, batchSize: CALLS + 1 });
const storage = { settings, pool: undefined, closed: false, stop: () => undefined } as unknown as AuditStorage;

const tool = (keepArguments: boolean) =>
  ({ kind: 'tool', name: 'catalog_search_services', options: { description: '', audit: { arguments: keepArguments } } }) as unknown as ToolDefinition;
const call = (skill: ToolDefinition, args: unknown): ObservedCall => ({
  kind: 'tool',
  name: 'catalog_search_services',
  gateway: '/mcp',
  via: 'mcp',
  request: {
    caller: { id: 'static:ops', authenticated: true, scopes: ['*'], claims: {} },
    client: { era: 'modern', capabilities: {}, info: { name: 'bench-client', version: '1.0.0' } },
    requestId: 1,
    headers: {},
  },
  args,
  startedAt: performance.now(),
  skill,
  fields: {},
});
const end: CallSettled = { outcome: 'ok', durationMs: 0.035 };

function measure(label: string, run: () => void, between = () => undefined as void): void {
  const perCall: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // CPU time of this process, not wall time: the machine may be shared, and preemption is not the observer's cost.
    const started = process.cpuUsage();
    for (let index = 0; index < CALLS; index++) run();
    const used = process.cpuUsage(started);
    perCall.push((used.user + used.system) / CALLS);
    between();
  }
  perCall.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${perCall[ROUNDS >> 1].toFixed(2)} µs CPU/call (best ${perCall[0].toFixed(2)}, worst ${perCall[ROUNDS - 1].toFixed(2)})`);
}

const small = { tier: 'tier1', limit: 1 };
const larger = { query: 'payments gateway latency', tier: 'tier1', owner: 'platform', limit: 20, filters: { regions: ['eu-west-1', 'us-east-1'], since: '2026-01-01' } };
for (const [label, args, keep] of [
  ['settled, 2 small arguments (digest only)', small, false],
  ['settled, 5 arguments with a nested object (digest only)', larger, false],
  ['settled, 5 arguments, kept (redacted copy + digest)', larger, true],
] as const) {
  const writer = new AuditWriter(storage);
  const observer = new AuditObserver(writer, settings);
  const observed = call(tool(keep), args);
  // Emptied between rounds, as the flushes would (their cost is off the request path): every call takes the ordinary path, never the bound's.
  const queue = (writer as unknown as { queue: { clear(): void } }).queue;
  measure(
    label,
    () => observer.settled(observed, end),
    () => void queue.clear(),
  );
}
const plain = call(tool(false), larger);
measure('of which: argumentsDigest of the 5 arguments', () => void argumentsDigest(larger));
measure('of which: canonical JSON of the 5 arguments', () => void canonicalJson(larger));
measure('of which: auditRecord (record, digest, trace id, no queue)', () => void auditRecord(plain, end, 8_192));
measure('for scale: JSON.stringify of the 5 arguments', () => void JSON.stringify(larger));
measure('no observer (the loop itself)', () => undefined);
