'use strict';
// Folds the rounds of each throughput row into one row of medians (see Bench.inRounds), and
// computes ratios as the median of per-round ratios, so that a slow minute on the shared machine
// weighs on one round, not on the verdict.

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const keyOf = (r) => `${r.scenario}|${r.server}|${r.wire}|${r.connections}`;
const MEDIAN_FIELDS = ['rps', 'p50Ms', 'p99Ms', 'serverCpu', 'cpuPerCallUs', 'loadgenCpu', 'foreignCpu', 'foreignLoadCpu'];

/** One row per scenario/server/wire/connections: medians of its rounds, each round kept in `rounds`. */
function mergeRounds(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = keyOf(r);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  return [...groups.values()].map((runs) => {
    const invalid = runs.find((r) => !r.valid);
    // A benchmark of errors is worthless: one invalid round makes the row invalid.
    if (invalid) return { ...invalid, rounds: runs.map(pick) };
    const merged = { ...runs[0], rounds: runs.map(pick) };
    for (const field of MEDIAN_FIELDS) merged[field] = median(runs.map((r) => r[field]));
    merged.requests = runs.reduce((sum, r) => sum + (r.requests || 0), 0);
    return merged;
  });
}

const pick = (r) => ({
  round: r.round,
  valid: r.valid,
  rps: r.rps,
  p50Ms: r.p50Ms,
  p99Ms: r.p99Ms,
  ...(r.valid ? { requests: r.requests, serverCpuS: r.serverCpuS, cpuPerCallUs: r.cpuPerCallUs } : { reason: r.reason }),
});

/**
 * a[field] / b[field] as the median of the per-round ratios, pairing the rounds both rows have
 * (a peer may have fewer rounds than the ceiling), with those ratios listed; otherwise the plain
 * ratio of the two rows.
 */
function roundRatio(a, b, field) {
  const theirs = new Map((b.rounds || []).map((x) => [x.round, x]));
  const each = (a.rounds || []).filter((x) => theirs.has(x.round)).map((x) => x[field] / theirs.get(x.round)[field]);
  if (each.length > 1) return { value: median(each), each };
  return { value: a[field] / b[field], each: [] };
}

module.exports = { median, mergeRounds, roundRatio };
