'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runProcess } = require('./proc');

/** One autocannon run in its own process; same result shape as runWrk. */
async function runAutocannon({ url, headers, body, expect, connections, seconds, pin, workDir, label }) {
  const specFile = path.join(workDir, `${label}.autocannon.json`);
  fs.writeFileSync(specFile, JSON.stringify({ url, headers, body, expect, connections, seconds }));
  const worker = path.join(__dirname, 'autocannon-worker.js');
  const [command, args] = pin ? ['taskset', ['-c', '1', process.execPath, worker, specFile]] : [process.execPath, [worker, specFile]];
  const { code, stdout, stderr } = await runProcess(command, args, { timeoutMs: (seconds + 30) * 1000 });
  const line = stdout.split('\n').find((l) => l.startsWith('ACJSON '));
  if (!line) return { valid: false, reason: `autocannon failed (exit ${code}): ${(stderr || stdout).trim().slice(0, 300)}` };
  const raw = JSON.parse(line.slice('ACJSON '.length));
  if (raw.error) return { valid: false, reason: `autocannon error: ${raw.error}` };
  let reason = null;
  if (raw.requests === 0) reason = 'no response at all';
  else if (raw.non2xx > 0) reason = `${raw.non2xx} non-2xx responses (${raw.sample})`;
  else if (raw.invalid > 0) reason = `${raw.invalid} invalid bodies (${raw.sample})`;
  else if (raw.errors > 0 || raw.timeouts > 0) reason = `${raw.errors} socket errors, ${raw.timeouts} timeouts`;
  return {
    valid: reason === null,
    reason,
    rps: raw.requests / raw.durationS,
    p50Ms: raw.p50Ms,
    p90Ms: raw.p90Ms,
    p99Ms: raw.p99Ms,
    maxMs: raw.maxMs,
    requests: raw.requests,
    checked: raw.checked,
    invalid: raw.invalid,
    non2xx: raw.non2xx,
    errors: { socket: raw.errors, timeout: raw.timeouts },
    loadgenCpu: raw.loadgenCpu,
  };
}

module.exports = { runAutocannon };
