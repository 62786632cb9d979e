'use strict';
// Exact-count load, run as its own process (pinned to core 1 by the runner), for what a
// duration-based load generator cannot do: "exactly 10,000 then 90,000 more tools/call" for the
// memory scenario, and the sessions scenario (open N sessions, hold them idle, expire them).
// Every response is judged in full (wire.judge).
// Usage: node driver.js <spec.json>; prints one line `DRVJSON {...}`.
const fs = require('node:fs');
const http = require('node:http');
const { initializeRequest, initializedNotification, judge } = require('./wire');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency || 10 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function send(url, { method = 'POST', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 30_000 },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout after 30 s')));
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

async function memory() {
  const { text } = await send(spec.memoryUrl, { method: 'GET' });
  return JSON.parse(text);
}

/** Runs `fn` from `concurrency` workers until `count` calls are done or the deadline passes. */
async function pool(count, concurrency, deadline, fn) {
  let issued = 0;
  const worker = async () => {
    while (issued < count && Date.now() < deadline) {
      issued++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function calls() {
  const started = Date.now();
  let done = 0;
  let invalid = 0;
  let sample = '';
  await pool(spec.count, spec.concurrency, started + spec.maxSeconds * 1000, async () => {
    let problem;
    try {
      const response = await send(spec.url, { headers: spec.headers, body: spec.body });
      problem = response.status < 200 || response.status >= 300 ? `HTTP ${response.status}` : judge(response.text, spec.expect);
    } catch (error) {
      problem = String(error.message);
    }
    done++;
    if (problem) {
      invalid++;
      if (!sample) sample = problem;
    }
  });
  return { done, invalid, sample, elapsedS: (Date.now() - started) / 1000 };
}

async function openSession() {
  const init = initializeRequest(0);
  const response = await send(spec.url, init);
  if (response.status !== 200) throw new Error(`initialize: HTTP ${response.status}`);
  const problem = judge(response.text, { kind: 'initialize' }, 0);
  if (problem) throw new Error(`initialize: ${problem}`);
  const sessionId = response.headers['mcp-session-id'];
  if (typeof sessionId !== 'string') throw new Error('initialize: no Mcp-Session-Id');
  const ack = await send(spec.url, initializedNotification(sessionId));
  if (ack.status < 200 || ack.status >= 300) throw new Error(`notifications/initialized: HTTP ${ack.status}`);
  return sessionId;
}

async function sessions() {
  const baseline = await memory();
  const ids = [];
  let failed = 0;
  let sample = '';
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  await pool(spec.count, spec.concurrency, started + spec.openMaxSeconds * 1000, async () => {
    try {
      ids.push(await openSession());
    } catch (error) {
      failed++;
      if (!sample) sample = String(error.message);
    }
  });
  const openS = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const driverCpu = (cpu.user + cpu.system) / 1e6 / openS;
  await sleep(500);
  const idle = await memory();
  const alive = idle.extra && typeof idle.extra.sessions === 'number' ? idle.extra.sessions : ids.length;

  let expiry;
  const ttl = idle.extra && idle.extra.sessionTtlMs;
  const expiryStarted = Date.now();
  if (typeof ttl === 'number') {
    // The server expires idle sessions itself: wait for it (bounded).
    const deadline = Date.now() + ttl + spec.expiryGraceSeconds * 1000;
    if (typeof idle.extra.sessions === 'number') {
      let left = alive;
      while (left > 0 && Date.now() < deadline) {
        await sleep(1000);
        const m = await memory();
        left = m.extra.sessions;
      }
      expiry = { method: `idle expiry (TTL ${ttl} ms)`, sessionsLeft: left };
    } else {
      // The server does not say how many are left: wait out the TTL and the grace period.
      await sleep(Math.max(0, deadline - Date.now()));
      expiry = { method: `idle expiry (TTL ${ttl} ms, waited ${spec.expiryGraceSeconds} s past it)` };
    }
  } else {
    // No expiry in the server: the clients end their sessions with DELETE.
    let deleteFailed = 0;
    let next = 0;
    await pool(ids.length, spec.concurrency, Date.now() + spec.openMaxSeconds * 1000, async () => {
      const id = ids[next++];
      try {
        const response = await send(spec.url, { method: 'DELETE', headers: { 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' } });
        if (response.status < 200 || response.status >= 300) deleteFailed++;
      } catch {
        deleteFailed++;
      }
    });
    expiry = { method: 'DELETE by the client (server has no idle expiry)', deleteFailed };
  }
  expiry.seconds = (Date.now() - expiryStarted) / 1000;
  await sleep(1000);
  const after = await memory();
  return { opened: ids.length, failed, sample, openS, driverCpu, handshakesPerSec: ids.length / openS, alive, baseline, idle, after, expiry };
}

const modes = { calls, sessions };
modes[spec.mode]()
  .then((result) => console.log(`DRVJSON ${JSON.stringify(result)}`))
  .catch((error) => console.log(`DRVJSON ${JSON.stringify({ error: String(error && error.stack ? error.stack : error) })}`))
  .finally(() => {
    agent.destroy();
    process.exit(0);
  });
