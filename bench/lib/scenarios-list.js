'use strict';
// The tools/list scenario: lists of 5 and 50 tools, Skillnest against its peers. Methods of
// `Bench` (see scenarios.js).
const { buildRequest } = require('./wire');
const { log } = require('./setup');

const listMethods = {
  // --- tools/list with 5 and 50 tools ---------------------------------------------------------
  async toolsList() {
    await this.inRounds((round) => this.toolsListPass(round));
  },

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
  },
};

module.exports = { listMethods };
