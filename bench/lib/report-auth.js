'use strict';
// The issue 17 part of the report: the authenticated tools/call table (the layout of the README's
// Performance section) and the targets, as ratios of rows measured in the same rounds.
const { roundRatio } = require('./rounds');
const { findRow, fmtInt, fmtRatio } = require('./report-format');
const { authScenario } = require('./scenarios-auth');

const LABELS = { none: 'no auth', static: 'one static token', 'jwt-rs256': 'JWT (RS256)', 'jwt-es256': 'JWT (ES256)' };
const WIRES = { modern: '2026-07-28', legacy: '2025 stateless', session: '2025 legacy session', 'n/a': '—' };
const fmtUs = (n) => (Number.isFinite(n) ? `${n.toFixed(1)} µs` : '—');

/** The rows of one auth kind at a connection level. */
const rowOf = (rows, kind, server, wire, connections) => findRow(rows, { scenario: authScenario(kind), server, wire, connections });

/**
 * One line per server, auth kind and wire at the first BENCH_AUTH_CONNECTIONS level: CPU per
 * call, req/s, req/s over the bare Fastify route that received the same header, and CPU per call
 * over the same server's unauthenticated row on the same wire (medians of per-round ratios).
 */
function authTable(result) {
  const connections = result.config.authConnections?.[0];
  const rows = result.rows.filter((r) => r.auth !== undefined && r.connections === connections);
  if (!rows.length) return undefined;
  const out = [`| gateway | auth | wire | CPU per call | req/s | req/s vs bare Fastify (same header) | CPU per call vs no auth |`, '|---|---|---|--:|--:|--:|--:|'];
  const ratioText = (a, b, field) => (a && b && a.valid && b.valid ? fmtRatio(roundRatio(a, b, field).value) : '—');
  for (const r of rows) {
    const head = `| ${r.server === 'fastify-bare' ? 'bare Fastify route (ceiling)' : r.server} | ${LABELS[r.auth] ?? r.auth} | ${WIRES[r.wire] ?? r.wire} |`;
    if (!r.valid) {
      out.push(`${head} **INVALID** | ${String(r.reason).replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 120)} | | |`);
      continue;
    }
    const bare = rowOf(result.rows, r.auth, 'fastify-bare', 'n/a', connections);
    const anonymous = rowOf(result.rows, 'none', r.server, r.wire, connections);
    const cpuVsNone = r.server === 'fastify-bare' || r.auth === 'none' ? '1.00x' : ratioText(r, anonymous, 'cpuPerCallUs');
    out.push(`${head} ${fmtUs(r.cpuPerCallUs)} | ${fmtInt(r.rps)} | ${r.server === 'fastify-bare' ? '1.00x' : ratioText(r, bare, 'rps')} | ${cpuVsNone} |`);
  }
  return out.join('\n');
}

/** Each issue 17 target, PASS / FAIL / N/A with the figures behind it (the same shape as the issue 7 targets). */
function authTargets(result) {
  const { rows } = result;
  const connections = result.config.authConnections?.[0] ?? 10;
  const list = [];
  const eachRound = (each) => (each.length ? `; rounds ${each.map(fmtRatio).join(' / ')}` : '');
  const need = (...rs) => {
    for (const r of rs) {
      if (!r) throw new Error('scenario not run');
      if (!r.valid) throw new Error(`${r.server} ${r.scenario} ${r.wire} run invalid`);
    }
  };
  const add = (target, compute) => {
    try {
      list.push({ target, ...compute() });
    } catch (error) {
      list.push({ target, verdict: 'N/A', measured: `not measured (${error.message})` });
    }
  };
  const atLeast = (a, b, min, what = 'rps') => {
    need(a, b);
    const { value, each } = roundRatio(a, b, what);
    const figures = what === 'rps' ? `${fmtInt(a.rps)} vs ${fmtInt(b.rps)} req/s` : `${fmtUs(a[what])} vs ${fmtUs(b[what])}`;
    return { verdict: value >= min ? 'PASS' : 'FAIL', measured: `${fmtRatio(value)} (${figures}${eachRound(each)})` };
  };
  const atMost = (a, b, max) => {
    need(a, b);
    const { value, each } = roundRatio(a, b, 'cpuPerCallUs');
    return { verdict: value <= max ? 'PASS' : 'FAIL', measured: `${fmtRatio(value)} (${fmtUs(a.cpuPerCallUs)} vs ${fmtUs(b.cpuPerCallUs)} per call${eachRound(each)})` };
  };
  const skillnest = (kind, wire) => rowOf(rows, kind, 'skillnest', wire, connections);
  const bare = (kind) => rowOf(rows, kind, 'fastify-bare', 'n/a', connections);
  for (const wire of ['modern', 'legacy']) {
    const tag = wire === 'legacy' ? ' (2025 stateless wire, informative)' : '';
    for (const kind of ['jwt-rs256', 'jwt-es256', 'static']) {
      add(`${LABELS[kind]} tools/call @${connections} ≥ 0.6x bare Fastify (same header)${tag}`, () => atLeast(skillnest(kind, wire), bare(kind), 0.6));
      add(`${LABELS[kind]} tools/call CPU per call ≤ 1.15x unauthenticated${tag}`, () => atMost(skillnest(kind, wire), skillnest('none', wire), 1.15));
    }
  }
  add(`unauthenticated tools/call @${connections} ≥ 0.7x bare Fastify`, () => atLeast(skillnest('none', 'modern'), bare('none'), 0.7));
  add(`legacy-session tools/call @${connections} (Mcp-Session-Id) ≥ 0.6x bare Fastify`, () => atLeast(skillnest('none', 'session'), bare('none'), 0.6));
  add('PG skill ≥ 0.9x raw pg', () => {
    const c = result.config.pgConnections[0];
    return atLeast(
      findRow(rows, { scenario: 'pg select', server: 'skillnest', connections: c }),
      findRow(rows, { scenario: 'pg select', server: 'raw pg (fastify)', connections: c }),
      0.9,
    );
  });
  return list;
}

/** The report's issue 17 section: the table, the targets, and where the JWTs came from. */
function authSection(result) {
  const table = authTable(result);
  const lines = ['', '## Authenticated tools/call (issue 17)', ''];
  if (table) {
    lines.push(
      `tools/call of the one-field echo tool at ${result.config.authConnections[0]} connections. JWTs are signed by a local JWKS the runner serves (one RS256 and one ES256 key, fetched ${result.authJwksFetches ?? '?'} times in the whole scenario); the bare Fastify route receives the same Authorization header and checks nothing. CPU per call = the server's CPU seconds / the requests it completed (the stable figure on a shared machine). Ratios are medians of per-round ratios.`,
      '',
      table,
    );
  } else {
    lines.push('The auth scenario was not run (BENCH_SCENARIOS).');
  }
  lines.push('', '### Targets (issue 17)', '', '| Target | Result | Measured |', '|---|---|---|');
  for (const t of result.authTargets ?? []) lines.push(`| ${t.target} | ${t.verdict === 'FAIL' ? '**FAIL**' : t.verdict} | ${t.measured} |`);
  return lines;
}

module.exports = { authSection, authTable, authTargets };
