'use strict';
// The tasks section of the report: task creations/s and tasks/get/s over a plain tools/call.
const { findRow, fmtInt, fmtMs, fmtRatio } = require('./report-format');
const { roundRatio } = require('./rounds');

function tasksTable(rows) {
  const tasks = rows.filter((r) => r.scenario.startsWith('tasks: '));
  if (tasks.length === 0) return undefined;
  const out = ['| Request | Conns | req/s | p50 ms | p99 ms | vs plain tools/call |', '|---|--:|--:|--:|--:|--:|'];
  for (const r of tasks) {
    const plain = findRow(rows, { scenario: 'tasks: plain tools/call', server: r.server, wire: r.wire, connections: r.connections });
    const versus = r.valid && plain?.valid ? fmtRatio(roundRatio(r, plain, 'rps').value) : '—';
    out.push(`| ${r.scenario.slice(7)} | ${r.connections} | ${r.valid ? fmtInt(r.rps) : `**INVALID** ${r.reason}`} | ${fmtMs(r.p50Ms)} | ${fmtMs(r.p99Ms)} | ${versus} |`);
  }
  return out.join('\n');
}

module.exports = { tasksTable };
