'use strict';
// The scenarios. Each starts its servers one at a time (own process, core 0), checks one answer
// in full, warms up, measures, and stops the server again.
const path = require('node:path');
const { buildRequest, judge } = require('./wire');
const { coreBusySeconds, cpuSeconds, startServer } = require('./proc');
const { runWrk } = require('./wrk');
const { runAutocannon } = require('./autocannon');
const { BENCH, ROOT, log } = require('./setup');

const ECHO_MESSAGE = 'skillnest bench echo';
const SCRIPTS = {
  skillnest: 'skillnest.js',
  // The same entry on the dist/ of the BENCH_BASELINE_REF worktree (see serverEnv).
  'skillnest-before': 'skillnest.js',
  rekog: 'rekog.js',
  'sdk-v2': 'sdk-v2.js',
  'fastify-bare': 'fastify-bare.js',
  'sdk-v1': 'sdk-v1-sessions.js',
};

const pct = (n) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '?');

class Bench {
  constructor(config) {
    this.config = config;
    this.round = 1;
    this.rows = [];
    this.memory = [];
    this.sessions = [];
    this.failures = [];
  }

  /** What tells the skillnest entry which dist/ to run: the working tree's (or BENCH_AFTER_REF's), or the baseline's. */
  serverEnv(name) {
    if (name === 'skillnest') return { BENCH_SKILLNEST_DIST: this.config.skillnestDist || path.join(ROOT, 'dist') };
    if (name === 'skillnest-before') return { BENCH_SKILLNEST_DIST: this.config.baseline.distRoot };
    return {};
  }

  /** Skillnest and, with BENCH_BASELINE_REF, the baseline next to it; the pair's order alternates by round. */
  skillnestPair(round) {
    if (!this.config.baseline) return ['skillnest'];
    return round % 2 ? ['skillnest', 'skillnest-before'] : ['skillnest-before', 'skillnest'];
  }

  async withServer(name, env, fn) {
    const script = path.join(BENCH, 'servers', SCRIPTS[name]);
    let server;
    try {
      server = await startServer({ name, script, env: { ...env, ...this.serverEnv(name) }, pin: this.config.pinned, logFile: path.join(this.config.logDir, `${name}.log`) });
    } catch (error) {
      this.failures.push(`${name} ${JSON.stringify(env)}: ${error.message}`);
      log(`  ! ${error.message}`);
      return undefined;
    }
    try {
      return await fn(server);
    } catch (error) {
      // One broken server or scenario must not cost the rest of the run: record it and go on.
      this.failures.push(`${name} ${JSON.stringify(env)}: ${error.message}`);
      log(`  ! ${name}: ${error.message}`);
      return undefined;
    } finally {
      await server.stop();
    }
  }

  /** One request sent and judged in full before any load: a broken server never gets a number. */
  async preflight(server, request, expect, id) {
    try {
      const response = await fetch(server.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      if (!response.ok) return `HTTP ${response.status}: ${text.slice(0, 200)}`;
      return judge(text, expect, id);
    } catch (error) {
      return `request failed: ${error.message}`;
    }
  }

  async load(server, request, expect, connections, seconds, label) {
    const run = this.config.loadgen === 'wrk' ? runWrk : runAutocannon;
    return run({ url: server.url, headers: request.headers, body: request.body, expect, connections, seconds, pin: this.config.pinned, workDir: this.config.workDir, label });
  }

  /** Preflight, warm-up, measured run; records one row. */
  async measure(server, row, { request, expect, id, beforeMeasuring }) {
    const label = `${row.scenario}-${row.server}-${row.wire}-${row.tools}-c${row.connections}`.replace(/[^\w.-]+/g, '_');
    const problem = await this.preflight(server, request, expect, id);
    if (problem) {
      this.rows.push({ ...row, round: this.round, valid: false, reason: `preflight: ${problem}` });
      log(`  ${label}: INVALID (preflight: ${problem})`);
      return;
    }
    if (this.config.warmup > 0) {
      const warm = await this.load(server, request, expect, row.connections, this.config.warmup, `${label}-warmup`);
      if (!warm.valid) {
        this.rows.push({ ...row, round: this.round, valid: false, reason: `warm-up: ${warm.reason}` });
        log(`  ${label}: INVALID (warm-up: ${warm.reason})`);
        return;
      }
    }
    if (beforeMeasuring) row = { ...row, ...(await beforeMeasuring()) };
    // CPU per call: the server's CPU seconds over the run divided by the requests it completed.
    const cpu0 = cpuSeconds(server.pid);
    const core0 = coreBusySeconds(0);
    const core1 = coreBusySeconds(1);
    const t0 = Date.now();
    const result = await this.load(server, request, expect, row.connections, this.config.duration, label);
    const wall = (Date.now() - t0) / 1000;
    const serverCpuS = cpuSeconds(server.pid) - cpu0;
    const serverCpu = serverCpuS / wall;
    const cpuPerCallUs = result.requests > 0 ? (serverCpuS / result.requests) * 1e6 : NaN;
    // What else ran on each core meanwhile (other processes on a shared machine, PostgreSQL):
    // core 0 minus the server, core 1 minus the load generator.
    const foreignCpu = this.config.pinned ? Math.max(0, (coreBusySeconds(0) - core0) / wall - serverCpu) : NaN;
    const foreignLoadCpu = this.config.pinned && result.loadgenCpu !== undefined ? Math.max(0, (coreBusySeconds(1) - core1) / wall - result.loadgenCpu) : NaN;
    const full = { ...row, round: this.round, ...result, serverCpu, serverCpuS, cpuPerCallUs, foreignCpu, foreignLoadCpu };
    this.rows.push(full);
    log(
      full.valid
        ? `  ${label}: ${full.rps.toFixed(0)} req/s, p50 ${full.p50Ms.toFixed(2)} ms, p99 ${full.p99Ms.toFixed(2)} ms, server CPU ${pct(serverCpu)} (${cpuPerCallUs.toFixed(1)} µs/call), load CPU ${pct(full.loadgenCpu)}, other CPU on core 0 / 1 ${pct(foreignCpu)} / ${pct(foreignLoadCpu)}`
        : `  ${label}: INVALID (${full.reason})`,
    );
  }

  /**
   * Runs `pass` once per round (BENCH_ROUNDS). This machine's speed drifts by tens of percent
   * from one minute to the next (a shared VM), so one pass can put Skillnest in a slow minute and
   * its peer in a fast one. Each row is measured once per pass, the passes interleave the servers,
   * and the report takes medians, its ratios the median of the per-round ratios.
   */
  async inRounds(pass, rounds = this.config.rounds) {
    for (let round = 1; round <= rounds; round++) {
      this.round = round;
      if (rounds > 1) log(`round ${round} of ${rounds}`);
      await pass(round);
    }
    this.round = 1;
  }

  // --- tools/call at 1, 10, 100 connections -------------------------------------------------
  async toolsCall() {
    // The ceiling first and Skillnest next to it: the pair behind the main ratio, close in time.
    // With BENCH_BASELINE_REF, skillnest-before (the baseline's dist/) and Skillnest are next to
    // each other too: odd rounds fastify-bare, skillnest, skillnest-before; even rounds
    // skillnest-before, skillnest, fastify-bare (each pair adjacent, each order taken in turn).
    const plan = (round, wires) => {
      const pair = this.skillnestPair(round).map((server) => [server, wires]);
      return this.config.baseline && round % 2 === 0 ? [...pair, ['fastify-bare', ['n/a']]] : [['fastify-bare', ['n/a']], ...pair];
    };
    const peers = [
      ['rekog', ['modern', 'legacy']],
      ['sdk-v2', ['modern', 'legacy']],
    ];
    // The closest targets (Skillnest on the 2026-07-28 wire against the ceiling, req/s and p99)
    // get BENCH_TARGET_ROUNDS rounds (and so does skillnest-before on that wire); the peers, many
    // times slower, the ordinary ones.
    await this.inRounds(
      (round) => this.toolsCallPass(round <= this.config.rounds ? [...plan(round, ['modern', 'legacy']), ...peers] : plan(round, ['modern'])),
      this.config.targetRounds,
    );
  }

  async toolsCallPass(plan) {
    for (const [server, wires] of plan) {
      log(`tools/call: ${server}`);
      await this.withServer(server, { BENCH_TOOLS: '1' }, async (running) => {
        for (const wire of wires) {
          const params = { name: 'echo', arguments: { message: ECHO_MESSAGE } };
          const request = buildRequest({ wire: wire === 'n/a' ? 'modern' : wire, method: 'tools/call', params, id: 1 });
          // Peers' legacy rows only at the levels Skillnest's legacy ratios need (runtime budget).
          const levels = wire === 'legacy' && !server.startsWith('skillnest') ? this.config.legacyPeerConnections : this.config.connections;
          for (const connections of levels) {
            await this.measure(running, { scenario: 'tools/call', server, wire, tools: 1, connections }, { request, expect: { kind: 'text', text: ECHO_MESSAGE }, id: 1 });
          }
        }
      });
    }
  }
}

// The tools/list, memory and sessions (a driver process, not a load generator), PostgreSQL (a
// seeded database) and authenticated (a local JWKS) scenarios live in files of their own; they
// are methods of the same class.
Object.assign(
  Bench.prototype,
  require('./scenarios-list').listMethods,
  require('./scenarios-memory').memoryMethods(ECHO_MESSAGE),
  require('./scenarios-postgres').postgresMethods,
  require('./scenarios-auth').authMethods(ECHO_MESSAGE),
  require('./scenarios-tasks').tasksMethods,
  require('./scenarios-observability').observabilityMethods,
);

module.exports = { Bench, ECHO_MESSAGE };
