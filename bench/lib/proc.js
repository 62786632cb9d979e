'use strict';
// Child processes: every one is tracked, bounded in time and killed by its own pid.
const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');

const children = new Set();

/** Kills every child still running (by pid). Called on exit and on SIGINT/SIGTERM. */
function killAll() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs a command to completion (killed after timeoutMs) and collects its output. */
function runProcess(command, args, { timeoutMs = 600_000, cwd, env, stdio } = {}) {
  return new Promise((resolve) => {
    const child = track(spawn(command, args, { cwd, env: env ?? process.env, stdio: stdio ?? ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n[bench] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      stderr += String(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process has used so far, from /proc; NaN if unknown. */
const CLK_TCK = 100; // Linux USER_HZ on every mainstream kernel
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime
  } catch {
    return NaN;
  }
}

/**
 * Seconds one core spent running processes (user, nice, system) or stolen by the hypervisor, from
 * /proc/stat; NaN if unknown. Interrupt and softirq time is left out: on loopback most of it is
 * the network work of the bench's own traffic.
 */
function coreBusySeconds(core) {
  try {
    const line = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    const [user, nice, system, , , , , steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + steal) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/**
 * Starts a bench server as its own process (`taskset -c 0` when pinning), logs to logFile,
 * and waits until GET /__bench/memory answers. Returns { pid, port, child, stop() }.
 */
async function startServer({ name, script, env = {}, pin, logFile, readyTimeoutMs = 60_000 }) {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n=== ${new Date().toISOString()} ${name} ${JSON.stringify(env)} port ${port}\n`);
  const nodeArgs = ['--expose-gc', script];
  const [command, args] = pin ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = track(
    spawn(command, args, {
      env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
      stdio: ['ignore', out, out],
    }),
  );
  fs.closeSync(out);
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited during startup (${JSON.stringify(exited)}); see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready after ${readyTimeoutMs} ms; see ${logFile}`);
    }
    try {
      const response = await fetch(`${base}/__bench/memory`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        await response.arrayBuffer();
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return {
    name,
    pid: child.pid,
    port,
    url: `${base}/mcp`,
    base,
    child,
    async memory() {
      const response = await fetch(`${base}/__bench/memory`, { signal: AbortSignal.timeout(30_000) });
      return response.json();
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
    get exited() {
      return exited;
    },
  };
}

module.exports = { coreBusySeconds, cpuSeconds, freePort, killAll, runProcess, sleep, startServer, track };
