'use strict';
// The observability scenario (issue 15): the same Skillnest server with logs, metrics, tracing
// (the SDK set up, no exporter) and the audit trail all on, and with them all off, measured in
// the same rounds (their order alternating) on the 2026-07-28 tools/call. Both have the same
// PostgreSQL pool (the audit trail writes through it), so the pool is not the difference.
// Methods of `Bench` (see scenarios.js).
const { buildRequest } = require('./wire');
const { log } = require('./setup');
const { seedPostgres } = require('./scenarios-postgres');

const MESSAGE = 'skillnest bench observed echo';
/** The scenario name of the rows, and the server label of each side. */
const OBS_SCENARIO = 'tools/call (observability)';
const SIDES = { off: 'skillnest (observability off)', on: 'skillnest (observability on)' };
/** With BENCH_OBS_PARTS=1, each part alone too (the bench server's BENCH_OBS_ONLY), to tell their costs apart. */
const PARTS = ['logs', 'metrics', 'tracing', 'audit'];
const partSide = (part) => `skillnest (observability: ${part} only)`;

const observabilityMethods = {
  async observability() {
    const database = await seedPostgres(this.config.pgUrl);
    if (!database.ok) {
      this.failures.push(`Observability scenario skipped (the audit trail needs PostgreSQL): ${database.reason}`);
      log(`Observability scenario skipped: ${database.reason}`);
      return;
    }
    await this.inRounds((round) => this.observabilityPass(round), this.config.targetRounds);
  },

  async observabilityPass(round) {
    const sides = ['off', 'on', ...(this.config.obsParts ? PARTS : [])];
    const order = round % 2 ? sides : sides.slice().reverse();
    for (const side of order) {
      log(`observability: skillnest, ${side}`);
      const part = PARTS.includes(side);
      const env = { BENCH_OBS: part ? 'on' : side, ...(part ? { BENCH_OBS_ONLY: side } : {}), BENCH_PG_URL: this.config.pgUrl };
      await this.withServer('skillnest', env, async (running) => {
        const request = buildRequest({ wire: 'modern', method: 'tools/call', params: { name: 'echo', arguments: { message: MESSAGE } }, id: 1 });
        for (const connections of this.config.obsConnections) {
          await this.measure(
            running,
            { scenario: OBS_SCENARIO, server: part ? partSide(side) : SIDES[side], wire: 'modern', tools: 1, connections },
            { request, expect: { kind: 'text', text: MESSAGE }, id: 1 },
          );
        }
      });
    }
  },
};

module.exports = { observabilityMethods, OBS_SCENARIO, OBS_SIDES: SIDES, OBS_PARTS: PARTS, obsPartSide: partSide };
