'use strict';
// The targets (PASS / FAIL / N/A with the figures behind them) and the caveats of a run.
const { roundRatio } = require('./rounds');
const { findRow, fmtInt, fmtMs, fmtPct, fmtRatio, mb } = require('./report-format');

/** Each of the targets, PASS / FAIL / N/A with the figures behind it. */
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

module.exports = { caveats, targets };
