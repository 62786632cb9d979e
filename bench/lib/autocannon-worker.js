'use strict';
// Load with autocannon, run as its own process (pinned to core 1 by the runner). Every response
// body is parsed and judged in full (wire.judge) through autocannon's verifyBody hook.
// Usage: node autocannon-worker.js <spec.json>; prints one line `ACJSON {...}`.
const fs = require('node:fs');
const autocannon = require('autocannon');
const { judge } = require('./wire');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let checked = 0;
let invalid = 0;
let sample = '';
const cpuStart = process.cpuUsage();
const wallStart = Date.now();

autocannon(
  {
    url: spec.url,
    method: 'POST',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
    verifyBody(body) {
      checked++;
      const problem = judge(body, spec.expect);
      if (problem) {
        invalid++;
        if (!sample) sample = `${problem}: ${String(body).slice(0, 200)}`;
        return false;
      }
      return true;
    },
  },
  (error, result) => {
    if (error) {
      console.log(`ACJSON ${JSON.stringify({ error: String(error) })}`);
      process.exit(0);
    }
    const cpu = process.cpuUsage(cpuStart);
    console.log(
      `ACJSON ${JSON.stringify({
        requests: result.requests.total,
        durationS: result.duration,
        p50Ms: result.latency.p50,
        p90Ms: result.latency.p90,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        mismatches: result.mismatches,
        checked,
        invalid,
        sample,
        loadgenCpu: (cpu.user + cpu.system) / 1e6 / ((Date.now() - wallStart) / 1000),
      })}`,
    );
    process.exit(0);
  },
);
