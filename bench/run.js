#!/usr/bin/env node
'use strict';
// Skillnest benchmark runner: `node bench/run.js` from the repository root (or `npm run bench`
// once the root package.json has "bench": "node bench/run.js"). See bench/README.md.
//
// Environment:
//   BENCH_DURATION=10        measured seconds per run (warm-up defaults to min(3, this))
//   BENCH_WARMUP=3           warm-up seconds per run
//   BENCH_SCENARIOS=call,auth,list,pg,memory,sessions,tasks,obs   which scenarios (default all)
//   BENCH_AUTH_KINDS=none,static,jwt-rs256,jwt-es256, BENCH_AUTH_WIRES=modern,legacy,session (Skillnest),
//   BENCH_AUTH_PEERS=rekog,sdk-v2, BENCH_AUTH_PEER_WIRES=modern, BENCH_AUTH_CONNECTIONS=10   the auth scenario
//   BENCH_CONNECTIONS=1,10,100   tools/call connection levels
//   BENCH_LOADGEN=wrk|autocannon (default wrk when installed, else autocannon)
//   BENCH_LEGACY_PEER_CONNECTIONS=10   levels for rekog/sdk-v2 on the legacy wire
//   BENCH_LIST_CONNECTIONS=10, BENCH_PG_CONNECTIONS=10, BENCH_TASKS_CONNECTIONS=10, BENCH_OBS_CONNECTIONS=10
//   BENCH_OBS_PARTS=1   the observability scenario also measures each part (logs, metrics, tracing, audit) alone
//   BENCH_MEMORY_CALLS=100000 (Skillnest), BENCH_MEMORY_PEER_CALLS=10000 (peers), BENCH_MEMORY_MAX_SECONDS=180 per phase
//   BENCH_SESSIONS_COUNT=10000, BENCH_SESSION_TTL_MS=20000 (sdk-v1 peer's idle expiry), BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test
//   BENCH_REBUILD=1 (rebuild dist/ even if fresh), BENCH_NO_PIN=1, BENCH_MAX_MINUTES=45 (hard stop; 60 with a baseline)
//   BENCH_BASELINE_REF=<git ref>   before/after: adds `skillnest-before` (that ref, built in a git
//                                  worktree under bench/.baseline/<sha>/) to the call and list scenarios
//   BENCH_AFTER_REF=<git ref>      `skillnest` runs that ref (built the same way), not the working tree
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { killAll } = require('./lib/proc');
const setup = require('./lib/setup');
const { ensureRefBuild } = require('./lib/baseline-build');

const env = process.env;
const list = (value, fallback) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : fallback;
const numbers = (value, fallback) => list(value, fallback).map(Number);

async function main() {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const stamp = startedAt.replace(/[:.]/g, '-').replace('Z', '');
  const baselineRef = (env.BENCH_BASELINE_REF || '').trim();
  const maxMinutes = Number(env.BENCH_MAX_MINUTES || (baselineRef ? 60 : 45));
  const watchdog = setTimeout(() => {
    console.error(`[bench] hard stop after ${maxMinutes} min (BENCH_MAX_MINUTES): killing every child`);
    killAll();
    process.exit(2);
  }, maxMinutes * 60_000);
  watchdog.unref();

  await setup.ensureDependencies();
  // `skillnest` runs the working tree's dist/, or with BENCH_AFTER_REF that ref's, built in its own
  // worktree (to compare two commits, or when the working tree is mid-edit and does not compile).
  const afterRef = (env.BENCH_AFTER_REF || '').trim();
  const after = afterRef ? await ensureRefBuild(afterRef, env.BENCH_REBUILD === '1', 'BENCH_AFTER_REF') : undefined;
  const buildNote = after ? `${after.note} (the working tree's dist/ is not used)` : await setup.ensureBuild(env.BENCH_REBUILD === '1');
  setup.log(buildNote);
  const baseline = baselineRef ? await ensureRefBuild(baselineRef, env.BENCH_REBUILD === '1') : undefined;
  if (baseline) setup.log(baseline.note);
  const pin = await setup.pinning();
  setup.log(pin.note);
  const loadgen = await setup.loadGenerator(env.BENCH_LOADGEN);
  setup.log(`load generator: ${loadgen.note}`);

  const duration = Number(env.BENCH_DURATION || 5);
  const config = {
    duration,
    rounds: Math.max(1, Number(env.BENCH_ROUNDS || 3)),
    targetRounds: Math.max(1, Number(env.BENCH_ROUNDS || 3), Number(env.BENCH_TARGET_ROUNDS || 5)),
    warmup: env.BENCH_WARMUP !== undefined ? Number(env.BENCH_WARMUP) : Math.min(3, duration),
    connections: numbers(env.BENCH_CONNECTIONS, ['1', '10', '100']),
    legacyPeerConnections: numbers(env.BENCH_LEGACY_PEER_CONNECTIONS, ['10']),
    listConnections: numbers(env.BENCH_LIST_CONNECTIONS, ['10']),
    pgConnections: numbers(env.BENCH_PG_CONNECTIONS, ['10']),
    scenarios: list(env.BENCH_SCENARIOS, ['call', 'auth', 'list', 'pg', 'memory', 'sessions', 'tasks', 'obs']),
    authKinds: list(env.BENCH_AUTH_KINDS, ['none', 'static', 'jwt-rs256', 'jwt-es256']),
    authWires: list(env.BENCH_AUTH_WIRES, ['modern', 'legacy', 'session']),
    authPeers: list(env.BENCH_AUTH_PEERS, ['rekog', 'sdk-v2']),
    authPeerWires: list(env.BENCH_AUTH_PEER_WIRES, ['modern']),
    authConnections: numbers(env.BENCH_AUTH_CONNECTIONS, ['10']),
    tasksConnections: numbers(env.BENCH_TASKS_CONNECTIONS, ['10']),
    obsConnections: numbers(env.BENCH_OBS_CONNECTIONS, ['10']),
    obsParts: env.BENCH_OBS_PARTS === '1',
    memoryCalls: Number(env.BENCH_MEMORY_CALLS || 100_000),
    memoryPeerCalls: Number(env.BENCH_MEMORY_PEER_CALLS || 10_000),
    memoryMaxSeconds: Number(env.BENCH_MEMORY_MAX_SECONDS || 180),
    sessionsCount: Number(env.BENCH_SESSIONS_COUNT || 10_000),
    sessionsOpenMaxSeconds: Number(env.BENCH_SESSIONS_OPEN_MAX_SECONDS || 15),
    sessionTtlMs: Number(env.BENCH_SESSION_TTL_MS || 20_000),
    pgUrl: env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
    pinned: pin.pinned,
    pinningNote: pin.note,
    loadgen: loadgen.name,
    loadgenNote: loadgen.note,
    buildNote,
    baseline,
    after,
    skillnestDist: after ? after.distRoot : path.join(setup.ROOT, 'dist'),
  };
  const resultsDir = path.join(setup.BENCH, 'results');
  config.logDir = path.join(resultsDir, 'logs', stamp);
  config.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillnest-bench-'));
  fs.mkdirSync(config.logDir, { recursive: true });
  setup.log(`server logs in ${path.relative(setup.ROOT, config.logDir)}`);

  const machine = await setup.machine();
  const { Bench } = require('./lib/scenarios');
  const { authTargets, beforeAfter, markdown, targets } = require('./lib/report');
  const bench = new Bench(config);
  const steps = {
    call: () => bench.toolsCall(),
    auth: () => bench.authCall(),
    list: () => bench.toolsList(),
    pg: () => bench.postgres(),
    memory: () => bench.memoryScenario(),
    sessions: () => bench.sessionsScenario(),
    tasks: () => bench.tasks(),
    obs: () => bench.observability(),
  };
  for (const name of config.scenarios) {
    if (!steps[name]) throw new Error(`unknown scenario ${name} (known: ${Object.keys(steps).join(', ')})`);
    await steps[name]();
  }

  const { mergeRounds } = require('./lib/rounds');
  const result = {
    startedAt,
    runtimeS: 0,
    machine,
    config: { ...config, workDir: undefined },
    rows: mergeRounds(bench.rows),
    memory: bench.memory,
    sessions: bench.sessions,
    failures: bench.failures,
    authJwksFetches: bench.authJwksFetches,
  };
  result.runtimeS = (Date.now() - started) / 1000;
  result.targets = targets(result);
  result.authTargets = authTargets(result);
  result.beforeAfter = beforeAfter(result);
  result.observabilityTargets = require('./lib/report-observability').observabilityTargets(result.rows);
  const md = markdown(result);
  fs.writeFileSync(path.join(resultsDir, `${stamp}.md`), md);
  fs.writeFileSync(path.join(resultsDir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), md);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(config.workDir, { recursive: true, force: true });
  process.stdout.write(`\n${md}\n`);
  setup.log(`written bench/results/${stamp}.md, .json and bench/results/latest.md (${Math.round(result.runtimeS)} s)`);
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}
main().catch((error) => {
  console.error(`[bench] failed: ${error && error.stack ? error.stack : error}`);
  killAll();
  process.exit(1);
});
