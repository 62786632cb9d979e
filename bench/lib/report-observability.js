'use strict';
// The observability section of the report (issue 15): what logs, metrics, tracing and the audit
// trail cost per tools/call, as the ratio of CPU per call with them on to the same with them off.
const { findRow, fmtInt, fmtMs, fmtRatio } = require('./report-format');
const { roundRatio } = require('./rounds');
const { OBS_SCENARIO, OBS_SIDES, OBS_PARTS, obsPartSide } = require('./scenarios-observability');

/** At most 20% more CPU per call with everything on (issue 15, item 5). */
const MAX_CPU_RATIO = 1.2;

function observabilityRows(rows) {
  const out = [];
  for (const on of rows.filter((r) => r.scenario === OBS_SCENARIO && r.server === OBS_SIDES.on)) {
    const off = findRow(rows, { scenario: OBS_SCENARIO, server: OBS_SIDES.off, wire: on.wire, connections: on.connections });
    if (!off) continue;
    const cpu = on.valid && off.valid ? roundRatio(on, off, 'cpuPerCallUs') : undefined;
    const rps = on.valid && off.valid ? roundRatio(on, off, 'rps') : undefined;
    out.push({ on, off, cpu, rps });
  }
  return out;
}

function observabilitySection(rows) {
  const pairs = observabilityRows(rows);
  if (pairs.length === 0) return [];
  const lines = [
    '',
    '## Observability (issue 15: JSON request lines, Prometheus metrics, OpenTelemetry spans without an exporter, the audit trail in PostgreSQL)',
    '',
    '| Conns | off req/s | on req/s | off µs CPU/call | on µs CPU/call | CPU on/off (rounds) | req/s on/off | p99 off / on ms | Target CPU ≤ 1.20x |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const { on, off, cpu, rps } of pairs) {
    const each = cpu && cpu.each.length ? ` (${cpu.each.map((x) => x.toFixed(2)).join(', ')})` : '';
    const verdict = cpu ? (cpu.value <= MAX_CPU_RATIO ? 'PASS' : '**FAIL**') : 'not measured';
    lines.push(
      `| ${on.connections} | ${fmtInt(off.rps)} | ${fmtInt(on.rps)} | ${off.cpuPerCallUs?.toFixed(1)} | ${on.cpuPerCallUs?.toFixed(1)} | ${cpu ? fmtRatio(cpu.value) : '—'}${each} | ${rps ? fmtRatio(rps.value) : '—'} | ${fmtMs(off.p99Ms)} / ${fmtMs(on.p99Ms)} | ${verdict} |`,
    );
  }
  return lines.concat(partLines(rows));
}

/** Each part alone against off (BENCH_OBS_PARTS=1): where the cost of "on" comes from. */
function partLines(rows) {
  const lines = [];
  for (const part of OBS_PARTS) {
    for (const alone of rows.filter((r) => r.scenario === OBS_SCENARIO && r.server === obsPartSide(part))) {
      const off = findRow(rows, { scenario: OBS_SCENARIO, server: OBS_SIDES.off, wire: alone.wire, connections: alone.connections });
      if (!off) continue;
      if (lines.length === 0) lines.push('', 'Each part alone (the others off), same rounds:', '', '| Part | Conns | µs CPU/call | CPU vs off (rounds) |', '|---|--:|--:|--:|');
      const cpu = alone.valid && off.valid ? roundRatio(alone, off, 'cpuPerCallUs') : undefined;
      const each = cpu && cpu.each.length ? ` (${cpu.each.map((x) => x.toFixed(2)).join(', ')})` : '';
      lines.push(`| ${part} | ${alone.connections} | ${alone.cpuPerCallUs?.toFixed(1)} | ${cpu ? fmtRatio(cpu.value) : '—'}${each} |`);
    }
  }
  return lines;
}

/** The target rows for the JSON result: one per connection level. */
function observabilityTargets(rows) {
  return observabilityRows(rows).map(({ on, cpu }) => ({
    target: `tools/call CPU per call with observability on ≤ ${MAX_CPU_RATIO.toFixed(2)}x off (${on.connections} connections)`,
    verdict: cpu ? (cpu.value <= MAX_CPU_RATIO ? 'PASS' : 'FAIL') : 'NOT MEASURED',
    measured: cpu ? `${cpu.value.toFixed(2)}x` : '—',
  }));
}

module.exports = { observabilitySection, observabilityTargets };
