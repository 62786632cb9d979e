'use strict';
// The authenticated tools/call scenario (issue 17): the path enterprise deployments use. Each
// auth kind (none, one static token, JWTs signed RS256 or ES256 by the runner's local JWKS) is a
// scenario of its own, `tools/call (<kind>)`, so that every ratio compares rows that carried the
// same Authorization header: the bare Fastify ceiling receives it (and ignores it), Skillnest
// verifies it on both wires and in a legacy session, and the peers verify it as their docs leave
// it to the application (bench/servers/peer-auth.js). Skillnest's `none` row is measured here
// too, in the same rounds, so that the CPU-per-call ratio against it pairs runs a minute apart at
// most. Methods of `Bench` (see scenarios.js).
const { BenchIdentity, withBearer } = require('./bench-auth');
const { buildRequest, initializeRequest, initializedNotification, judge } = require('./wire');
const { log } = require('./setup');

/** The scenario name of an auth kind's rows. */
const authScenario = (kind) => `tools/call (${kind})`;

/**
 * A legacy session as a 2025 client opens it (initialize, then notifications/initialized), with
 * the run's bearer token, so the session belongs to that principal. Returns its id.
 */
async function openSession(url, authorization) {
  const auth = authorization ? { authorization } : {};
  const init = initializeRequest(0);
  const response = await fetch(url, { method: 'POST', headers: { ...init.headers, ...auth }, body: init.body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`initialize: HTTP ${response.status}: ${text.slice(0, 160)}`);
  const problem = judge(text, { kind: 'initialize' }, 0);
  if (problem) throw new Error(`initialize: ${problem}`);
  const sessionId = response.headers.get('mcp-session-id');
  if (!sessionId) throw new Error('initialize returned no Mcp-Session-Id');
  const ack = initializedNotification(sessionId);
  const acked = await fetch(url, { method: 'POST', headers: { ...ack.headers, ...auth }, body: ack.body, signal: AbortSignal.timeout(10_000) });
  await acked.arrayBuffer();
  if (!acked.ok) throw new Error(`notifications/initialized: HTTP ${acked.status}`);
  return sessionId;
}

const authMethods = (ECHO_MESSAGE) => ({
  async authCall() {
    const identity = await BenchIdentity.start();
    try {
      // Skillnest and the ceiling (the closest targets) get BENCH_TARGET_ROUNDS rounds, the peers the ordinary ones.
      await this.inRounds((round) => this.authCallPass(round, identity), this.config.targetRounds);
    } finally {
      this.authJwksFetches = identity.jwksFetches;
      await identity.close();
    }
  },

  async authCallPass(round, identity) {
    const { authKinds: kinds, authWires, authPeers, authPeerWires } = this.config;
    log('tools/call with auth: fastify-bare (receives each header, checks none)');
    await this.withServer('fastify-bare', { BENCH_TOOLS: '1' }, async (running) => {
      for (const kind of kinds) await this.authMeasure(running, { server: 'fastify-bare', wire: 'n/a', kind, identity });
    });
    // One server per kind and side: a gateway configured for one verifier measures exactly that verifier.
    for (const kind of kinds) {
      for (const server of this.skillnestPair(round)) {
        log(`tools/call with auth: ${server}, ${kind}`);
        await this.withServer(server, { BENCH_TOOLS: '1', ...identity.serverEnv(kind) }, async (running) => {
          for (const wire of authWires) await this.authMeasure(running, { server, wire, kind, identity });
        });
      }
    }
    if (round > this.config.rounds) return;
    for (const server of authPeers) {
      for (const kind of kinds) {
        log(`tools/call with auth: ${server}, ${kind}`);
        await this.withServer(server, { BENCH_TOOLS: '1', ...identity.serverEnv(kind) }, async (running) => {
          for (const wire of authPeerWires) await this.authMeasure(running, { server, wire, kind, identity });
        });
      }
    }
  },

  /** One row per connection level: the echo call with the kind's bearer header, on one wire ('session': in a legacy session). */
  async authMeasure(running, { server, wire, kind, identity }) {
    const params = { name: 'echo', arguments: { message: ECHO_MESSAGE } };
    const base = { scenario: authScenario(kind), server, wire, tools: 1, auth: kind };
    let sessionId;
    if (wire === 'session') {
      try {
        sessionId = await openSession(running.url, identity.bearer(kind));
      } catch (error) {
        for (const connections of this.config.authConnections) this.rows.push({ ...base, connections, round: this.round, valid: false, reason: `session: ${error.message}` });
        log(`  ${base.scenario} ${server} session: INVALID (${error.message})`);
        return;
      }
    }
    // The ceiling ignores the MCP headers (it gets the modern request); a session is a 2025 client's.
    const onWire = { 'n/a': 'modern', session: 'legacy' }[wire] ?? wire;
    const request = withBearer(buildRequest({ wire: onWire, method: 'tools/call', params, id: 1, sessionId }), identity, kind);
    for (const connections of this.config.authConnections) {
      await this.measure(running, { ...base, connections }, { request, expect: { kind: 'text', text: ECHO_MESSAGE }, id: 1 });
    }
  },
});

module.exports = { authMethods, authScenario, openSession };
