'use strict';
// The Markdown report and the issue's targets.
const { beforeAfter, beforeAfterTable } = require('./report-before-after');
const { fmtInt, fmtMs, fmtPct, mb, ratio } = require('./report-format');
const { caveats, targets } = require('./report-targets');
const { authSection, authTargets } = require('./report-auth');
const { tasksTable } = require('./report-tasks');
const { observabilitySection } = require('./report-observability');

function throughputTable(rows) {
  const out = [
    '| Scenario | Server | Wire | Conns | req/s | p50 ms | p99 ms | server CPU | load CPU | other CPU core 0 / 1 | vs fastify-bare | vs rekog | vs sdk-v2 |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const head = `| ${r.scenario} | ${r.server} | ${r.wire} | ${r.connections} |`;
    if (!r.valid) {
      out.push(`${head} **INVALID** | — | — | — | — | — | ${String(r.reason).replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 160)} | | |`);
      continue;
    }
    out.push(
      `${head} ${fmtInt(r.rps)} | ${fmtMs(r.p50Ms)} | ${fmtMs(r.p99Ms)} | ${fmtPct(r.serverCpu)} | ${fmtPct(r.loadgenCpu)} | ${fmtPct(r.foreignCpu)} / ${fmtPct(r.foreignLoadCpu)} | ${ratio(rows, r, 'fastify-bare')} | ${ratio(rows, r, 'rekog')} | ${ratio(rows, r, 'sdk-v2')} |`,
    );
  }
  return out.join('\n');
}

function memoryTable(memory) {
  const out = [
    '| Server | idle RSS MB | idle heap MB | RSS MB after 10k | RSS MB after N | N calls | RSS growth 10k→N | heap MB after 10k | heap MB after N | valid |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const m of memory) {
    const growth = m.at10k && m.atTotal ? m.atTotal.rss / m.at10k.rss - 1 : NaN;
    out.push(
      `| ${m.server} | ${mb(m.idle?.rss)} | ${mb(m.idle?.heapUsed)} | ${mb(m.at10k?.rss)} | ${mb(m.atTotal?.rss)} | ${fmtInt(m.calls)} | ${Number.isFinite(growth) ? `${(growth * 100).toFixed(1)}%` : '—'} | ${mb(m.at10k?.heapUsed)} | ${mb(m.atTotal?.heapUsed)} | ${m.valid ? 'yes' : `**no**: ${m.reason}`} |`,
    );
  }
  return out.join('\n');
}

function sessionsTable(sessions) {
  const out = [
    '| Server | sessions opened | handshakes/s | heap KB / idle session | RSS KB / idle session | heap MB baseline → idle → after end | ended by | valid |',
    '|---|--:|--:|--:|--:|---|---|---|',
  ];
  for (const s of sessions) {
    if (!s.supported || s.opened === undefined) {
      out.push(`| ${s.server} | — | — | — | — | — | — | ${s.reason} |`);
      continue;
    }
    out.push(
      `| ${s.server} | ${fmtInt(s.opened)} (${fmtInt(s.alive)} alive) | ${fmtInt(s.handshakesPerSec)} | ${(s.heapPerSession / 1024).toFixed(1)} | ${(s.rssPerSession / 1024).toFixed(1)} | ${mb(s.baseline.heapUsed)} → ${mb(s.idle.heapUsed)} → ${mb(s.after.heapUsed)} (${fmtPct(s.backHeap)} of baseline) | ${s.expiry.method}${s.expiry.sessionsLeft ? `, ${s.expiry.sessionsLeft} left` : ''} | ${s.valid ? 'yes' : `**no**: ${s.reason}`} |`,
    );
  }
  return out.join('\n');
}

function markdown(result) {
  const { machine, config } = result;
  const lines = [];
  lines.push(`# Skillnest benchmark — ${result.startedAt}`);
  lines.push('');
  lines.push(`- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`);
  lines.push(
    `- Commit: ${machine.commit}; versions: ${Object.entries(machine.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  lines.push(`- Pinning: ${config.pinningNote}`);
  lines.push(`- Load generator: ${config.loadgenNote}; warm-up ${config.warmup} s, measured ${config.duration} s per run; connections ${config.connections.join('/')}`);
  lines.push(
    `- Rounds: ${config.rounds} interleaved pass${config.rounds === 1 ? '' : 'es'} over the servers of each throughput scenario, ${config.targetRounds} for the pairs behind the closest targets (fastify-bare with Skillnest on the 2026-07-28 wire, and PostgreSQL); a row shows the medians of its rounds and a ratio is the median of the per-round ratios (raw rounds in the .json)`,
  );
  lines.push(
    `- Runtime: ${(result.runtimeS / 60).toFixed(1)} min (${Math.round(result.runtimeS)} s); build: ${config.buildNote}${config.baseline ? `; ${config.baseline.note}` : ''}`,
  );
  lines.push('- Correctness: one request per run judged in full before load; during load every response checked (see README: Correctness). An INVALID row has no number.');
  lines.push('');
  lines.push('## Throughput and latency');
  lines.push('');
  lines.push(
    "Ratios are Skillnest req/s over the peer's req/s (median of the per-round ratios) in the same scenario, wire and connections (PG: over raw pg in a Fastify route). Wire: modern = 2026-07-28, legacy = 2025-11-25 stateless (no session).",
  );
  lines.push('');
  lines.push(throughputTable(result.rows));
  if (result.beforeAfter) {
    const ba = result.beforeAfter;
    lines.push('', `## Before/after (BENCH_BASELINE_REF=${ba.ref} ${ba.short})`, '');
    lines.push(
      `Before: \`skillnest-before\`, the same bench entry on the dist/ of ${ba.short} (git worktree \`bench/.baseline/${ba.sha}\`). After: \`skillnest\`, ${ba.after.sha ? `the dist/ of BENCH_AFTER_REF=${ba.after.ref} (${ba.after.short}, git worktree \`bench/.baseline/${ba.after.sha}\`)` : `this working tree's dist/ (${ba.after.workingTree})`}. The two ran next to each other in every round (their order alternating by round). Ratios are after / before, the median of the per-round ratios (each round's in parentheses when there are several). CPU per call = the server's CPU seconds during the measured run / the requests it completed; below 1.00x is cheaper.`,
    );
    lines.push('', ba.rows.length ? beforeAfterTable(ba) : 'No pair measured (the before/after pairs are in the call and list scenarios).');
  }
  const tasks = tasksTable(result.rows);
  if (tasks) {
    lines.push('', '## Tasks (issue 14: a CreateTaskResult committed to PostgreSQL, tasks/get from the database)', '', tasks);
  }
  lines.push(...observabilitySection(result.rows));
  if (result.memory.length) {
    lines.push('', '## Memory (after forced GC, 10 concurrent callers, modern wire)', '', memoryTable(result.memory));
  }
  if (result.sessions.length) {
    lines.push('', '## Legacy sessions (initialize + notifications/initialized per handshake, 10 concurrent clients)', '', sessionsTable(result.sessions));
  }
  lines.push('', '## Targets (issue 7)', '', '| Target | Result | Measured |', '|---|---|---|');
  for (const t of result.targets) lines.push(`| ${t.target} | ${t.verdict === 'PASS' ? 'PASS' : t.verdict === 'FAIL' ? '**FAIL**' : t.verdict} | ${t.measured} |`);
  if (result.authTargets) lines.push(...authSection(result));
  const notes = [...result.failures, ...caveats(result)];
  if (notes.length) {
    lines.push('', '## Notes', '');
    for (const n of notes) lines.push(`- ${n}`);
  }
  lines.push('');
  return lines.join('\n');
}

module.exports = { authTargets, beforeAfter, markdown, targets };
