'use strict';
// The scenarios that measure memory (heap per idle session, heap after sessions expire): they
// drive a server with a script of their own instead of a load generator. Methods of `Bench`
// (see scenarios.js), kept apart to keep each file to one job.
const fs = require('node:fs');
const path = require('node:path');
const { buildRequest, initializeRequest, judge } = require('./wire');
const { runProcess, sleep } = require('./proc');
const { log } = require('./setup');

function memoryMethods(ECHO_MESSAGE) {
  return {
    async driver(spec, timeoutS) {
      const file = path.join(this.config.workDir, `driver-${Date.now()}.json`);
      fs.writeFileSync(file, JSON.stringify(spec));
      const script = path.join(__dirname, 'driver.js');
      const [command, args] = this.config.pinned ? ['taskset', ['-c', '1', process.execPath, script, file]] : [process.execPath, [script, file]];
      const { code, stdout, stderr } = await runProcess(command, args, { timeoutMs: timeoutS * 1000 });
      const line = stdout.split('\n').find((l) => l.startsWith('DRVJSON '));
      if (!line) return { error: `driver failed (exit ${code}): ${(stderr || stdout).slice(-500)}` };
      return JSON.parse(line.slice('DRVJSON '.length));
    },

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
    },

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
    },
  };
}

module.exports = { memoryMethods };
