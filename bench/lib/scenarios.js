'use strict';
// The scenarios. Each starts its servers one at a time (own process, core 0), checks one answer
// in full, warms up, measures, and stops the server again.
const fs = require('node:fs');
const path = require('node:path');
const { buildRequest, initializeRequest, judge } = require('./wire');
const { coreBusySeconds, cpuSeconds, runProcess, sleep, startServer } = require('./proc');
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

  // --- tools/list with 5 and 50 tools ---------------------------------------------------------
  async toolsList() {
    await this.inRounds((round) => this.toolsListPass(round));
  }

  async toolsListPass(round) {
    for (const tools of [5, 50]) {
      for (const server of [...this.skillnestPair(round), 'rekog', 'sdk-v2']) {
        log(`tools/list (${tools} tools): ${server}`);
        await this.withServer(server, { BENCH_TOOLS: String(tools) }, async (running) => {
          const request = buildRequest({ wire: 'modern', method: 'tools/list', params: {}, id: 1 });
          const expect = { kind: 'tools', count: tools, last: `tool_${String(tools - 1).padStart(2, '0')}` };
          for (const connections of this.config.listConnections) {
            await this.measure(running, { scenario: `tools/list ${tools}`, server, wire: 'modern', tools, connections }, { request, expect, id: 1 });
          }
        });
      }
    }
  }

  // --- PostgreSQL: a primary-key SELECT through a skill vs raw pg in a Fastify route -----------
  async postgres() {
    const seeded = await seedPostgres(this.config.pgUrl);
    if (!seeded.ok) {
      this.failures.push(`PostgreSQL scenario skipped: ${seeded.reason}`);
      log(`PostgreSQL scenario skipped: ${seeded.reason}`);
      return;
    }
    await this.inRounds(() => this.postgresPass(), this.config.targetRounds);
  }

  async postgresPass() {
    const id = 4242;
    const expect = { kind: 'textIncludes', text: `item-${id}` };
    for (const server of ['fastify-bare', 'skillnest']) {
      log(`PostgreSQL: ${server}`);
      await this.withServer(server, { BENCH_PG: '1', BENCH_PG_URL: this.config.pgUrl }, async (running) => {
        const params = { name: 'pg_get_item', arguments: { id } };
        const request = buildRequest({ wire: 'modern', method: 'tools/call', params, id: 1 });
        for (const connections of this.config.pgConnections) {
          // The warm-up opened the pool's connections; their backends are pinned before measuring.
          const beforeMeasuring = async () => ({ pgBackendsPinned: this.config.pinned ? await pinPostgresBackends(this.config.pgUrl) : 0 });
          await this.measure(
            running,
            { scenario: 'pg select', server: server === 'fastify-bare' ? 'raw pg (fastify)' : server, wire: server === 'fastify-bare' ? 'n/a' : 'modern', tools: 1, connections },
            { request, expect, id: 1, beforeMeasuring },
          );
        }
      });
    }
  }

  async driver(spec, timeoutS) {
    const file = path.join(this.config.workDir, `driver-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(spec));
    const script = path.join(__dirname, 'driver.js');
    const [command, args] = this.config.pinned ? ['taskset', ['-c', '1', process.execPath, script, file]] : [process.execPath, [script, file]];
    const { code, stdout, stderr } = await runProcess(command, args, { timeoutMs: timeoutS * 1000 });
    const line = stdout.split('\n').find((l) => l.startsWith('DRVJSON '));
    if (!line) return { error: `driver failed (exit ${code}): ${(stderr || stdout).slice(-500)}` };
    return JSON.parse(line.slice('DRVJSON '.length));
  }

  // --- Memory: idle RSS, then after 10,000 and 100,000 tools/call -------------------------------
  async memoryScenario() {
    for (const server of ['skillnest', 'rekog', 'sdk-v2', 'fastify-bare']) {
      // Skillnest gets the full 10k -> 100k check; peers, by default, idle RSS and 10k (runtime budget).
      const total = server === 'skillnest' ? this.config.memoryCalls : this.config.memoryPeerCalls;
      const checkpoint = Math.min(10_000, total);
      log(`memory: ${server} (${total} calls)`);
      await this.withServer(server, { BENCH_TOOLS: '1' }, async (running) => {
        await sleep(1000);
        const idle = await running.memory();
        const params = { name: 'echo', arguments: { message: ECHO_MESSAGE } };
        const request = buildRequest({ wire: 'modern', method: 'tools/call', params, id: 1 });
        const base = {
          mode: 'calls',
          url: running.url,
          memoryUrl: `${running.base}/__bench/memory`,
          headers: request.headers,
          body: request.body,
          expect: { kind: 'text', text: ECHO_MESSAGE },
          concurrency: 10,
        };
        const first = await this.driver({ ...base, count: checkpoint, maxSeconds: this.config.memoryMaxSeconds }, this.config.memoryMaxSeconds + 60);
        const at10k = first.error ? undefined : await running.memory();
        const second =
          first.error || total === checkpoint
            ? { ...first, done: 0, invalid: 0, elapsedS: 0 }
            : await this.driver({ ...base, count: total - checkpoint, maxSeconds: this.config.memoryMaxSeconds }, this.config.memoryMaxSeconds + 60);
        const atTotal = second.error ? undefined : total === checkpoint ? at10k : await running.memory();
        const calls = (first.done ?? 0) + (second.done ?? 0);
        const invalid = (first.invalid ?? 0) + (second.invalid ?? 0);
        const error = first.error || second.error;
        const reason = error
          ? error
          : invalid > 0
            ? `${invalid} invalid answers (${first.sample || second.sample})`
            : calls < total
              ? `only ${calls} of ${total} calls within the time limit`
              : null;
        const row = { server, idle, at10k, atTotal, calls, checkpoint, total, invalid, valid: !reason, reason, rps: calls / ((first.elapsedS ?? 0) + (second.elapsedS ?? 0)) };
        this.memory.push(row);
        const mb = (b) => (b === undefined ? '?' : `${(b / 2 ** 20).toFixed(1)} MB`);
        log(`  idle RSS ${mb(idle.rss)}, after ${checkpoint} ${mb(at10k?.rss)}, after ${calls} ${mb(atTotal?.rss)}${reason ? ` (${reason})` : ''}`);
      });
    }
  }

  // --- Legacy sessions: handshakes/s, heap per idle session, back to baseline after expiry ----
  async sessionsScenario() {
    const peers = [
      ['skillnest', { BENCH_SESSION_TTL_MS: String(this.config.sessionTtlMs) }],
      ['sdk-v1', { BENCH_SESSION_TTL_MS: String(this.config.sessionTtlMs) }],
      ['rekog', { BENCH_SESSIONS: '1' }],
    ];
    for (const [server, env] of peers) {
      const label = server === 'rekog' ? 'rekog (statefulMode)' : server === 'sdk-v1' ? 'sdk-v1 (1.32, sessionful)' : server;
      log(`sessions: ${label}`);
      await this.withServer(server, env, async (running) => {
        // Probe: a sessionful server answers initialize with an Mcp-Session-Id header.
        const init = initializeRequest(0);
        const response = await fetch(running.url, { method: 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(10_000) });
        const text = await response.text();
        const problem = response.ok ? judge(text, { kind: 'initialize' }, 0) : `HTTP ${response.status}`;
        const sessionId = response.headers.get('mcp-session-id');
        if (problem || !sessionId) {
          const reason = problem ? `initialize failed: ${problem}` : 'not supported yet (initialize returns no Mcp-Session-Id: stateless only)';
          this.sessions.push({ server: label, supported: false, reason });
          log(`  ${reason}`);
          return;
        }
        await fetch(running.url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' } }).catch(() => undefined);
        const result = await this.driver(
          {
            mode: 'sessions',
            url: running.url,
            memoryUrl: `${running.base}/__bench/memory`,
            count: this.config.sessionsCount,
            concurrency: 10,
            openMaxSeconds: this.config.sessionsOpenMaxSeconds,
            expiryGraceSeconds: 20,
          },
          this.config.sessionsOpenMaxSeconds * 2 + this.config.sessionTtlMs / 1000 + 90,
        );
        if (result.error) {
          this.sessions.push({ server: label, supported: true, valid: false, reason: result.error });
          log(`  INVALID: ${result.error}`);
          return;
        }
        const heapPerSession = (result.idle.heapUsed - result.baseline.heapUsed) / Math.max(1, result.alive);
        const rssPerSession = (result.idle.rss - result.baseline.rss) / Math.max(1, result.alive);
        const backHeap = result.after.heapUsed / result.baseline.heapUsed;
        const reason = result.failed > 0 ? `${result.failed} handshakes failed (${result.sample})` : null;
        this.sessions.push({ server: label, supported: true, valid: !reason, reason, ...result, heapPerSession, rssPerSession, backHeap });
        log(
          `  ${result.opened} sessions at ${result.handshakesPerSec.toFixed(0)} handshakes/s, ${(heapPerSession / 1024).toFixed(1)} KB heap/session, heap after ${result.expiry.method}: ${(backHeap * 100).toFixed(0)}% of baseline`,
        );
      });
    }
  }
}

/**
 * Moves the PostgreSQL backends serving the bench database to core 1, the load generator's core.
 * PostgreSQL is a system service and runs unpinned; left alone, the kernel sometimes runs a
 * backend on core 0 and it takes CPU from the server being measured, which made one round of the
 * same server 30% slower than the next. Needs the right to change another process's affinity
 * (root, or the postgres user); without it nothing is pinned and the row says 0.
 */
async function pinPostgresBackends(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    let pinned = 0;
    for (const { pid } of rows) {
      const { code } = await runProcess('taskset', ['-p', '-c', '1', String(pid)], { timeoutMs: 5000 });
      if (code === 0) pinned++;
    }
    return pinned;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates and seeds bench_items (10,000 rows) in the `test` database; idempotent. */
async function seedPostgres(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS bench_items (id integer PRIMARY KEY, name text NOT NULL)');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM bench_items');
    if (rows[0].n !== 10_000) {
      await client.query('TRUNCATE bench_items');
      await client.query("INSERT INTO bench_items (id, name) SELECT g, 'item-' || g FROM generate_series(1, 10000) AS g");
      await client.query('ANALYZE bench_items');
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}: ${error.message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

module.exports = { Bench, ECHO_MESSAGE };
