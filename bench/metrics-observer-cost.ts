/**
 * What the metrics observer costs per call (issue 15, item 3): `CallMetricsObserver.settled` on a
 * mix of skills, outcomes and front doors, against prom-client's own labelled children
 * (`counter.labels(...).inc()` + `histogram.labels(...).observe()`) for the same work.
 *
 *   TS_NODE_TRANSPILE_ONLY=1 node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register bench/metrics-observer-cost.ts
 */
import 'reflect-metadata';
import { Counter, Histogram, Registry } from 'prom-client';
import type { SkillDefinition } from '@skillnest/skills';
import type { GatewayConfig } from '../libs/gateway/src/config/gateway-config';
import { CallObservers } from '../libs/gateway/src/observe/call-observers';
import { CallMetricsObserver } from '../libs/gateway/src/observe/metrics/call-metrics.observer';
import { DURATION_BUCKETS } from '../libs/gateway/src/observe/metrics/call-tallies';
import type { CallSettled, ObservedCall } from '../libs/gateway/src/observe/skill-call-observer';

const SKILLS = 20;
const ROUNDS = 5;
const CALLS = 2_000_000;

const skills = Array.from({ length: SKILLS }, (_, index) => ({ kind: 'tool', name: `skill_${index}` }) as unknown as SkillDefinition);
const calls: ObservedCall[] = skills.map(
  (skill, index) =>
    ({
      kind: 'tool',
      name: skill.name,
      gateway: '/mcp',
      via: index % 4 === 0 ? 'rest' : 'mcp',
      request: {},
      args: {},
      startedAt: 0,
      skill,
      fields: {},
    }) as unknown as ObservedCall,
);
calls.push({ ...calls[0], skill: undefined, name: 'no_such_tool' } as ObservedCall);
const ends: CallSettled[] = [
  { outcome: 'ok', durationMs: 0.03 },
  { outcome: 'ok', durationMs: 4 },
  { outcome: 'tool_error', reason: 'upstream', durationMs: 120 },
  { outcome: 'invalid', durationMs: 0.02 },
  { outcome: 'refused', reason: 'unknown', durationMs: 0.01 },
];

function timeNs(calls: number, run: (index: number) => void): number {
  const start = process.hrtime.bigint();
  for (let index = 0; index < calls; index++) run(index);
  return Number(process.hrtime.bigint() - start) / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const observer = new CallMetricsObserver();
const observe = (index: number) => observer.settled(calls[index % calls.length], ends[index % ends.length]);

// The dispatcher's whole report of a settled call (its copy of the outcome with the duration, then each observer).
const dispatcherSide = new CallObservers({ path: '/mcp' } as GatewayConfig, [new CallMetricsObserver()]);
const report = (index: number) => dispatcherSide.report(calls[index % calls.length], ends[index % ends.length]);

const registry = new Registry();
const counter = new Counter({ name: 'c_total', help: 'h', labelNames: ['gateway', 'kind', 'skill', 'via', 'outcome'], registers: [registry] });
const histogram = new Histogram({ name: 'd_seconds', help: 'h', labelNames: ['gateway', 'kind', 'skill'], buckets: [...DURATION_BUCKETS], registers: [registry] });
const children = new Map<string, { inc: () => void; observe: (value: number) => void }>();
const promClient = (index: number) => {
  const call = calls[index % calls.length];
  const end = ends[index % ends.length];
  const skill = call.skill?.name ?? 'unknown';
  const key = `${skill}\u0000${call.via}\u0000${end.outcome}`;
  let child = children.get(key);
  if (!child) {
    const count = counter.labels({ gateway: call.gateway, kind: call.kind, skill, via: call.via, outcome: end.outcome });
    const time = histogram.labels({ gateway: call.gateway, kind: call.kind, skill });
    children.set(key, (child = { inc: () => count.inc(), observe: (value) => time.observe(value) }));
  }
  child.inc();
  child.observe(end.durationMs / 1000);
};

// The observer alone first, then its allocation over 2 M more calls (a forced GC around it with --expose-gc), then the others.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
timeNs(CALLS / 4, observe);
const ours = median(Array.from({ length: ROUNDS }, () => timeNs(CALLS, observe)));
gc();
const heapBefore = process.memoryUsage().heapUsed;
timeNs(CALLS, observe);
const grown = process.memoryUsage().heapUsed - heapBefore;
timeNs(CALLS / 4, report);
const reported = median(Array.from({ length: ROUNDS }, () => timeNs(CALLS, report)));
timeNs(CALLS / 4, promClient);
const theirs = median(Array.from({ length: ROUNDS }, () => timeNs(CALLS / 4, promClient)));

console.log(`CallMetricsObserver.settled: ${ours.toFixed(1)} ns per call (median of ${ROUNDS} x ${CALLS} calls; heap grew ${grown} bytes over ${CALLS} more calls)`);
console.log(`CallObservers.report with the metrics observer alone: ${reported.toFixed(1)} ns per call`);
console.log(`prom-client labelled children, cached (inc + observe): ${theirs.toFixed(1)} ns per call`);
