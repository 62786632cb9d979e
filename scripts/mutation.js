#!/usr/bin/env node
'use strict';
// `npm run test:mutation` (issue 18, item 7): how many deliberate bugs the unit specs catch.
// StrykerJS (tools/mutation, installed there on first use, like the bench's peers) mutates the
// files of each target below and runs only the unit specs that test them, one short jest run per
// mutant. It is a bounded sample of libs/, not all of it: most of the gateway is tested through
// real HTTP (e2e specs that start apps and databases), which a per-mutant run cannot afford.
// Prints the score per lib and writes reports/mutation/summary.md. Every step has a time limit.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const TOOL = path.join(ROOT, 'tools', 'mutation');
const REPORTS = path.join(ROOT, 'reports', 'mutation');
const TARGET_LIMIT_S = Number(process.env.MUTATION_TARGET_MAX_SECONDS || 900);
const TOTAL_LIMIT_S = Number(process.env.MUTATION_MAX_SECONDS || 3600);

/** [lib, files mutated, the specs that test them]. */
const TARGETS = [
  ['skills', ['invoker/log-safe.util.ts', 'invoker/redact.util.ts'], 'skills/(log-safe|redact)\\.util'],
  ['skills', ['schema/nested-shape.rules.ts'], 'skills/nested-shape\\.rules'],
  ['skills', ['schema/dto-fast-check.ts'], 'skills/dto-fast-check'],
  ['skills', ['context/cancellation-group.ts', 'context/deferred-inputs.ts'], 'skills/(cancellation-group|deferred-inputs)'],
  ['skills', ['skills.explorer.ts', 'skills.registry.ts'], 'skills/skills\\.explorer'],
  ['gateway', ['auth/bearer-challenge.util.ts'], 'gateway/bearer-challenge'],
  ['gateway', ['auth/verified-token.cache.ts'], 'gateway/verified-token\\.cache'],
  ['gateway', ['http/json-rpc-envelope.check.ts', 'http/drain.gate.ts'], 'gateway/(json-rpc-envelope\\.check|drain\\.gate)'],
  ['gateway', ['mcp/paginate.util.ts'], 'gateway/paginate\\.util'],
  ['gateway', ['dispatch/round-state.codec.ts', 'dispatch/round-state.cipher.ts'], 'gateway/round-state\\.codec'],
  ['gateway', ['dispatch/skill-access.policy.ts'], 'gateway/skill-access\\.policy'],
  ['gateway', ['config/whole-setting.ts', 'config/session-limits.ts'], 'gateway/(shared-limits-settings|time-limit-settings|gateway-config)'],
  ['pools', ['http/request-deadline.ts', 'http/upstream-error.mapper.ts'], 'pools/(http-pool-deadline|http-pool-failures)'],
  ['pools', ['pg/pg-stall.watchdog.ts'], 'pools/pg-stall'],
  ['claude', ['claude-env.util.ts'], 'claude/claude-env'],
  ['claude', ['text/stream-text.util.ts', 'text/text-events.util.ts'], 'claude/stream-text'],
];

function run(command, args, options) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status;
}

function ensureStryker() {
  if (fs.existsSync(path.join(TOOL, 'node_modules', '.bin', 'stryker'))) return;
  console.log('[mutation] installing StrykerJS in tools/mutation (npm ci)');
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: TOOL, timeout: 300_000 }) !== 0) throw new Error('npm ci in tools/mutation failed');
}

/** Detected (killed or timed out) over valid mutants (not compile errors or ignored), per lib. */
function tally(reports) {
  const libs = new Map();
  const survivors = [];
  for (const { lib, report } of reports) {
    const totals = libs.get(lib) ?? { detected: 0, survived: 0, noCoverage: 0, files: new Set() };
    for (const [file, { mutants }] of Object.entries(report.files)) {
      totals.files.add(path.relative(ROOT, path.resolve(ROOT, file)));
      for (const mutant of mutants) {
        if (mutant.status === 'Killed' || mutant.status === 'Timeout') totals.detected++;
        else if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
          totals[mutant.status === 'Survived' ? 'survived' : 'noCoverage']++;
          survivors.push(`${file}:${mutant.location.start.line} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '').slice(0, 80)}`);
        }
      }
    }
    libs.set(lib, totals);
  }
  return { libs, survivors };
}

/** The reports a run left (`--summary`: tally them again without running anything). */
function existingReports() {
  return TARGETS.flatMap(([lib], index) => {
    const file = path.join(REPORTS, `${index}-${lib}.json`);
    return fs.existsSync(file) ? [{ lib, report: JSON.parse(fs.readFileSync(file, 'utf8')) }] : [];
  });
}

function main() {
  const started = Date.now();
  const summaryOnly = process.argv.includes('--summary');
  // MUTATION_LIBS=claude,pools runs those libs' targets only.
  const only = process.env.MUTATION_LIBS ? new Set(process.env.MUTATION_LIBS.split(',')) : undefined;
  if (!summaryOnly) ensureStryker();
  fs.mkdirSync(REPORTS, { recursive: true });
  const reports = [];
  for (const [index, [lib, files, specs]] of TARGETS.entries()) {
    if (summaryOnly || (only && !only.has(lib))) continue;
    const left = TOTAL_LIMIT_S - (Date.now() - started) / 1000;
    if (left < 60) {
      console.log(`[mutation] time limit (${TOTAL_LIMIT_S} s) reached: ${TARGETS.length - index} target(s) not run`);
      break;
    }
    const reportFile = path.join(REPORTS, `${index}-${lib}.json`);
    const mutate = files.map((file) => `libs/${lib}/src/${file}`).join(',');
    console.log(`[mutation] ${lib}: ${mutate}`);
    const env = { ...process.env, MUTATION_SPECS: `test/libs/${specs}\\.spec\\.ts$`, MUTATION_REPORT: reportFile };
    const status = run(path.join(TOOL, 'node_modules', '.bin', 'stryker'), ['run', path.join(TOOL, 'stryker.config.cjs'), '--mutate', mutate], {
      env,
      timeout: Math.floor(Math.min(TARGET_LIMIT_S, left) * 1000),
    });
    if (status !== 0 || !fs.existsSync(reportFile)) console.log(`[mutation] ${lib} target ${index} did not finish (exit ${status})`);
    else reports.push({ lib, report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) });
  }
  const { libs, survivors } = tally(summaryOnly || only ? existingReports() : reports);
  const lines = ['| Lib | Files mutated | Mutants | Detected | Survived | Not covered | Score |', '|---|--:|--:|--:|--:|--:|--:|'];
  for (const [lib, t] of libs) {
    const total = t.detected + t.survived + t.noCoverage;
    lines.push(`| ${lib} | ${t.files.size} | ${total} | ${t.detected} | ${t.survived} | ${t.noCoverage} | ${((100 * t.detected) / total).toFixed(1)}% |`);
  }
  const summary = [...lines, '', `${Math.round((Date.now() - started) / 1000)} s. Survivors:`, '', ...survivors.map((line) => `- ${line}`)].join('\n');
  fs.writeFileSync(path.join(REPORTS, 'summary.md'), `${summary}\n`);
  console.log(`\n${summary}`);
}

main();
