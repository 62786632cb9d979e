'use strict';
// The Markdown report and the issue's targets.
const { roundRatio } = require('./rounds');

const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const fmtMs = (n) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const fmtPct = (n) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : '—');
const fmtRatio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '—');
const mb = (b) => (Number.isFinite(b) ? (b / 2 ** 20).toFixed(1) : '—');

function findRow(rows, { scenario, server, wire, connections }) {
  return rows.find((r) => r.scenario === scenario && r.server === server && (wire === undefined || r.wire === wire) && r.connections === connections);
}

/** The row a Skillnest row is compared with, for one peer. */
function peerRow(rows, row, peer) {
  if (peer === 'fastify-bare') {
    const server = row.scenario === 'pg select' ? 'raw pg (fastify)' : 'fastify-bare';
    return findRow(rows, { scenario: row.scenario, server, connections: row.connections });
  }
  return findRow(rows, { scenario: row.scenario, server: peer, wire: row.wire, connections: row.connections });
}

function ratio(rows, row, peer) {
  if (row.server !== 'skillnest' || !row.valid) return '';
  const other = peerRow(rows, row, peer);
  if (!other) return '';
  if (!other.valid) return 'peer invalid';
  return fmtRatio(roundRatio(row, other, 'rps').value);
}

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
    if (after.server !== 'skillnest' || !(after.scenario === 'tools/call' || after.scenario.startsWith('tools/list'))) continue;
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
    const name = `${r.scenario}${r.scenario === 'tools/call' ? ` ${r.wire === 'modern' ? '2026-07-28' : '2025 (legacy)'}` : ''} @${r.connections}`;
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

/** Each of the issue's targets, PASS / FAIL / N/A with the figures behind it. */
function targets(result) {
  const { rows, memory, sessions } = result;
  const call = (server, wire, connections) => findRow(rows, { scenario: 'tools/call', server, wire, connections });
  const list = [];
  const add = (target, compute) => {
    let verdict = 'N/A';
    let measured = '';
    try {
      const out = compute();
      if (out) ({ verdict, measured } = out);
    } catch (error) {
      measured = `not measured (${error.message})`;
    }
    list.push({ target, verdict, measured });
  };
  const need = (...rs) => {
    for (const r of rs) {
      if (!r) throw new Error('scenario not run');
      if (!r.valid) throw new Error(`${r.server} ${r.scenario} run invalid`);
    }
  };
  const eachRound = (each) => (each.length ? `; rounds ${each.map(fmtRatio).join(' / ')}` : '');
  const rpsRatio = (a, b, min) => {
    need(a, b);
    const { value, each } = roundRatio(a, b, 'rps');
    return { verdict: value >= min ? 'PASS' : 'FAIL', measured: `${fmtRatio(value)} (${fmtInt(a.rps)} vs ${fmtInt(b.rps)} req/s${eachRound(each)})` };
  };
  for (const wire of ['modern', 'legacy']) {
    const tag = wire === 'legacy' ? ' (legacy wire, informative)' : '';
    add(`tools/call @10 conns ≥ 50% of fastify-bare${tag}`, () => rpsRatio(call('skillnest', wire, 10), call('fastify-bare', 'n/a', 10), 0.5));
    add(`tools/call @10 conns ≥ 4x rekog${tag}`, () => rpsRatio(call('skillnest', wire, 10), call('rekog', wire, 10), 4));
    add(`tools/call @10 conns ≥ 4x sdk-v2${tag}`, () => rpsRatio(call('skillnest', wire, 10), call('sdk-v2', wire, 10), 4));
  }
  add('p99 @100 conns ≤ 3x fastify-bare p99', () => {
    const a = call('skillnest', 'modern', 100);
    const b = call('fastify-bare', 'n/a', 100);
    need(a, b);
    const { value, each } = roundRatio(a, b, 'p99Ms');
    return { verdict: value <= 3 ? 'PASS' : 'FAIL', measured: `${fmtRatio(value)} (${fmtMs(a.p99Ms)} vs ${fmtMs(b.p99Ms)} ms${eachRound(each)})` };
  });
  add('tools/list with 50 tools ≥ 10x rekog', () => {
    const c = result.config.listConnections[0];
    return rpsRatio(
      findRow(rows, { scenario: 'tools/list 50', server: 'skillnest', wire: 'modern', connections: c }),
      findRow(rows, { scenario: 'tools/list 50', server: 'rekog', wire: 'modern', connections: c }),
      10,
    );
  });
  add('PG skill ≥ 80% of raw pg', () => {
    const c = result.config.pgConnections[0];
    return rpsRatio(
      findRow(rows, { scenario: 'pg select', server: 'skillnest', connections: c }),
      findRow(rows, { scenario: 'pg select', server: 'raw pg (fastify)', connections: c }),
      0.8,
    );
  });
  const own = sessions.find((s) => s.server === 'skillnest');
  const sessionTarget = (fn) => () => {
    if (!own) throw new Error('scenario not run');
    if (!own.supported) return { verdict: 'N/A', measured: own.reason };
    if (!own.valid) throw new Error(own.reason);
    return fn(own);
  };
  add(
    'legacy sessions ≥ 2000 handshakes/s',
    sessionTarget((s) => ({ verdict: s.handshakesPerSec >= 2000 ? 'PASS' : 'FAIL', measured: `${fmtInt(s.handshakesPerSec)}/s` })),
  );
  add(
    '< 4 KB heap per idle session (10,000 open)',
    sessionTarget((s) => ({ verdict: s.heapPerSession < 4096 ? 'PASS' : 'FAIL', measured: `${(s.heapPerSession / 1024).toFixed(2)} KB` })),
  );
  add(
    'session memory back to baseline after expiry (heap within 10%)',
    sessionTarget((s) => ({ verdict: s.backHeap <= 1.1 ? 'PASS' : 'FAIL', measured: `${fmtPct(s.backHeap)} of baseline heap` })),
  );
  add('memory flat within 10% from 10k to 100k calls (RSS)', () => {
    const m = memory.find((x) => x.server === 'skillnest');
    if (!m) throw new Error('scenario not run');
    if (!m.valid) throw new Error(m.reason);
    const growth = m.atTotal.rss / m.at10k.rss - 1;
    const heap = m.atTotal.heapUsed / m.at10k.heapUsed - 1;
    return {
      verdict: Math.abs(growth) <= 0.1 ? 'PASS' : 'FAIL',
      measured: `RSS ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% (${mb(m.at10k.rss)} → ${mb(m.atTotal.rss)} MB), heap ${heap >= 0 ? '+' : ''}${(heap * 100).toFixed(1)}%`,
    };
  });
  return list;
}

/** Warnings a reader needs before trusting a number. */
function caveats(result) {
  const notes = [];
  for (const r of result.rows) {
    if (!r.valid) continue;
    if (r.loadgenCpu > 0.9 && r.serverCpu < 0.9) {
      notes.push(
        `${r.scenario} ${r.server} @${r.connections}: load generator at ${fmtPct(r.loadgenCpu)} CPU while the server used ${fmtPct(r.serverCpu)}: this number is a floor (load-generator-bound), not the server's ceiling.`,
      );
    }
    if (r.foreignCpu > 0.1) {
      notes.push(
        `${r.scenario} ${r.server} @${r.connections}: other processes used ${fmtPct(r.foreignCpu)} of the server's core during the run${r.scenario === 'pg select' ? (r.pgBackendsPinned ? ' (PostgreSQL was pinned to core 1: something else)' : ' (PostgreSQL runs unpinned)') : ' (shared machine?)'}: the figure is pessimistic.`,
      );
    }
    if (r.foreignLoadCpu > 0.2 && r.foreignLoadCpu + r.loadgenCpu > 0.9) {
      notes.push(
        `${r.scenario} ${r.server} @${r.connections}: the load generator's core was saturated (${fmtPct(r.loadgenCpu)} load generator + ${fmtPct(r.foreignLoadCpu)} other processes): load and latency figures may be off.`,
      );
    }
  }
  const pg = result.rows.filter((r) => r.scenario === 'pg select' && r.valid);
  if (pg.length && result.config.pinned) {
    notes.push(
      pg.every((r) => r.pgBackendsPinned > 0)
        ? `pg select: before each measured run, the PostgreSQL backends of the bench database were pinned to core 1 (the load generator's), so PostgreSQL does not take the server's core.`
        : `pg select: the PostgreSQL backends could not all be pinned to core 1 (no right to change their affinity?); PostgreSQL may have taken CPU from the server's core.`,
    );
  }
  for (const s of result.sessions) {
    if (s.driverCpu > 0.9) notes.push(`sessions ${s.server}: the client driver used ${fmtPct(s.driverCpu)} CPU while opening sessions: handshakes/s may be client-bound.`);
  }
  if (result.machine.loadavg && result.machine.loadavg[0] > 0.5) {
    notes.push(
      `Load average was ${result.machine.loadavg.map((n) => n.toFixed(2)).join(' / ')} when the run started: other processes were busy on this machine; see the "other CPU core 0 / 1" column.`,
    );
  }
  return notes;
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
  if (result.memory.length) {
    lines.push('', '## Memory (after forced GC, 10 concurrent callers, modern wire)', '', memoryTable(result.memory));
  }
  if (result.sessions.length) {
    lines.push('', '## Legacy sessions (initialize + notifications/initialized per handshake, 10 concurrent clients)', '', sessionsTable(result.sessions));
  }
  lines.push('', '## Targets (issue 7)', '', '| Target | Result | Measured |', '|---|---|---|');
  for (const t of result.targets) lines.push(`| ${t.target} | ${t.verdict === 'PASS' ? 'PASS' : t.verdict === 'FAIL' ? '**FAIL**' : t.verdict} | ${t.measured} |`);
  const notes = [...result.failures, ...caveats(result)];
  if (notes.length) {
    lines.push('', '## Notes', '');
    for (const n of notes) lines.push(`- ${n}`);
  }
  lines.push('');
  return lines.join('\n');
}

module.exports = { beforeAfter, markdown, targets };
