'use strict';
// Load with wrk (C, one thread: it needs far less CPU per request than a Node load generator, so
// it can saturate a one-core server from the other core). Every response is checked by a Lua
// `response()` hook with the substring checks of wire.js; counts come back through `done()`.
const fs = require('node:fs');
const path = require('node:path');
const { substringChecks } = require('./wire');
const { runProcess } = require('./proc');

const luaString = (s) => {
  // A long bracket that does not occur in the text.
  let eq = '';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
};

function luaScript({ headers, body, expect }) {
  const checks = substringChecks(expect);
  const lines = [];
  lines.push('wrk.method = "POST"');
  lines.push(`wrk.body = ${luaString(body)}`);
  for (const [name, value] of Object.entries(headers)) lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  lines.push(`local needles = { ${checks.needles.map(luaString).join(', ')} }`);
  lines.push(`local forbidden = { ${checks.forbidden.map(luaString).join(', ')} }`);
  lines.push(`local count_needle = ${checks.count ? luaString(checks.count.needle) : 'nil'}`);
  lines.push(`local count_equals = ${checks.count ? checks.count.equals : 'nil'}`);
  lines.push(String.raw`
checked = 0
invalid = 0
non2xx = 0
sample = ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function count_plain(s, needle)
  local n, i = 0, 1
  while true do
    local j = string.find(s, needle, i, true)
    if not j then return n end
    n = n + 1
    i = j + #needle
  end
end

function response(status, headers, body)
  checked = checked + 1
  local ok = status >= 200 and status < 300 and body ~= nil
  if not ok then non2xx = non2xx + 1 end
  if ok then
    for _, n in ipairs(needles) do
      if not string.find(body, n, 1, true) then ok = false break end
    end
  end
  if ok then
    for _, n in ipairs(forbidden) do
      if string.find(body, n, 1, true) then ok = false break end
    end
  end
  if ok and count_needle and count_plain(body, count_needle) ~= count_equals then ok = false end
  if not ok then
    invalid = invalid + 1
    if sample == "" then sample = string.sub(tostring(status) .. " " .. (body or ""), 1, 300) end
  end
end

local function esc(s)
  return (string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
end

function done(summary, latency, requests)
  local c, inv, bad, smp = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("checked")
    inv = inv + t:get("invalid")
    bad = bad + t:get("non2xx")
    local s = t:get("sample")
    if smp == "" and s ~= nil then smp = s end
  end
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"bytes":%d,"checked":%d,"invalid":%d,"non2xx":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"sample":"%s"}\n',
    summary.requests, summary.duration, summary.bytes, c, inv, bad,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean, esc(smp)))
end
`);
  return lines.join('\n');
}

/**
 * One wrk run. Returns { rps, p50Ms, p99Ms, requests, invalid, non2xx, errors, valid, reason,
 * loadgenCpu } where loadgenCpu is wrk's CPU time / wall time (1.0 = one core busy).
 */
async function runWrk({ url, headers, body, expect, connections, seconds, pin, workDir, label }) {
  const script = path.join(workDir, `${label}.lua`);
  fs.writeFileSync(script, luaScript({ headers, body, expect }));
  const wrkArgs = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url];
  // `times` (a shell builtin) prints the CPU time of the shell's children: wrk's CPU use.
  const shell = `${pin ? 'taskset -c 1 ' : ''}wrk ${wrkArgs.map((a) => `'${a}'`).join(' ')}; status=$?; echo WRKTIMES; times; exit $status`;
  const started = Date.now();
  const { code, stdout, stderr } = await runProcess('sh', ['-c', shell], { timeoutMs: (seconds + 30) * 1000 });
  const wallS = (Date.now() - started) / 1000;
  const line = stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (code !== 0 || !line) {
    return { valid: false, reason: `wrk failed (exit ${code}): ${(stderr || stdout).trim().slice(0, 300)}` };
  }
  const raw = JSON.parse(line.slice('WRKJSON '.length));
  const loadgenCpu = childCpuSeconds(stdout) / wallS;
  const errors = raw.errors;
  const socketErrors = errors.connect + errors.read + errors.write + errors.timeout;
  const rps = raw.requests / (raw.durationUs / 1e6);
  let reason = null;
  if (raw.requests === 0) reason = 'no response at all';
  else if (raw.non2xx > 0 || errors.status > 0) reason = `${Math.max(raw.non2xx, errors.status)} non-2xx responses (${raw.sample})`;
  else if (raw.invalid > 0) reason = `${raw.invalid} invalid bodies (${raw.sample})`;
  else if (socketErrors > 0) reason = `socket errors ${JSON.stringify(errors)}`;
  return {
    valid: reason === null,
    reason,
    rps,
    p50Ms: raw.latencyUs.p50 / 1000,
    p90Ms: raw.latencyUs.p90 / 1000,
    p99Ms: raw.latencyUs.p99 / 1000,
    maxMs: raw.latencyUs.max / 1000,
    requests: raw.requests,
    checked: raw.checked,
    invalid: raw.invalid,
    non2xx: Math.max(raw.non2xx, errors.status),
    errors,
    loadgenCpu,
  };
}

/** Sums the children's user and system times from `times` output (second line). */
function childCpuSeconds(stdout) {
  const after = stdout.split('WRKTIMES')[1];
  if (!after) return NaN;
  const lines = after.trim().split('\n');
  const children = lines[1] || '';
  let total = 0;
  for (const m of children.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m[1]) * 60 + Number(m[2]);
  return total;
}

module.exports = { luaScript, runWrk };
