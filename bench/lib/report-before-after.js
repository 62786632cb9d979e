'use strict';
// The before/after section: the working tree against BENCH_BASELINE_REF, round by round.
const { roundRatio } = require('./rounds');
const { findRow, fmtInt, fmtRatio } = require('./report-format');

/**
 * BENCH_BASELINE_REF: each `skillnest` row of tools/call and tools/list against the
 * `skillnest-before` row (the baseline's dist/) of the same scenario, wire and connections. Ratios
 * are after / before, the median of the per-round ratios (the two were measured next to each other
 * in every round); CPU per call is the server's CPU seconds over the requests it completed.
 */
function beforeAfter(result) {
  const baseline = result.config.baseline;
  if (!baseline) return undefined;
  const side = (r) => ({
    valid: r.valid,
    ...(r.valid ? {} : { reason: r.reason }),
    rps: r.rps,
    cpuPerCallUs: r.cpuPerCallUs,
    serverCpu: r.serverCpu,
    requests: r.requests,
    rounds: r.rounds,
  });
  const rows = [];
  for (const after of result.rows) {
    if (after.server !== 'skillnest' || !(after.scenario.startsWith('tools/call') || after.scenario.startsWith('tools/list'))) continue;
    const before = findRow(result.rows, { scenario: after.scenario, server: 'skillnest-before', wire: after.wire, connections: after.connections });
    if (!before) continue;
    const valid = after.valid && before.valid;
    const rps = valid ? roundRatio(after, before, 'rps') : { value: NaN, each: [] };
    const cpu = valid ? roundRatio(after, before, 'cpuPerCallUs') : { value: NaN, each: [] };
    rows.push({
      scenario: after.scenario,
      wire: after.wire,
      connections: after.connections,
      valid,
      before: side(before),
      after: side(after),
      rpsRatio: rps.value,
      rpsRatioEachRound: rps.each,
      cpuPerCallRatio: cpu.value,
      cpuPerCallRatioEachRound: cpu.each,
    });
  }
  const { after } = result.config;
  return {
    ref: baseline.ref,
    sha: baseline.sha,
    short: baseline.short,
    distRoot: baseline.distRoot,
    after: after
      ? { ref: after.ref, sha: after.sha, short: after.short, distRoot: after.distRoot }
      : { workingTree: result.machine.commit, distRoot: result.config.skillnestDist },
    rows,
  };
}

function beforeAfterTable(ba) {
  const fmtUs = (n) => (Number.isFinite(n) ? n.toFixed(1) : '—');
  const out = ['| Scenario | req/s before | req/s after | req/s after/before | CPU µs/call before | CPU µs/call after | CPU/call after/before |', '|---|--:|--:|--:|--:|--:|--:|'];
  for (const r of ba.rows) {
    const wire = { modern: '2026-07-28', legacy: '2025 (legacy)', session: '2025 (session)' }[r.wire] ?? r.wire;
    const name = `${r.scenario}${r.scenario.startsWith('tools/call') ? ` ${wire}` : ''} @${r.connections}`;
    if (!r.valid) {
      const which = r.before.valid ? 'after' : 'before';
      out.push(`| ${name} | **INVALID** (${which}: ${String(r[which].reason).replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 120)}) | | | | | |`);
      continue;
    }
    const rounds = (each) => (each.length ? ` (${each.map(fmtRatio).join(' / ')})` : '');
    out.push(
      `| ${name} | ${fmtInt(r.before.rps)} | ${fmtInt(r.after.rps)} | ${fmtRatio(r.rpsRatio)}${rounds(r.rpsRatioEachRound)} | ${fmtUs(r.before.cpuPerCallUs)} | ${fmtUs(r.after.cpuPerCallUs)} | ${fmtRatio(r.cpuPerCallRatio)}${rounds(r.cpuPerCallRatioEachRound)} |`,
    );
  }
  return out.join('\n');
}

module.exports = { beforeAfter, beforeAfterTable };
