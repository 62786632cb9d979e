'use strict';
// Everything the bench needs before it can measure: its own node_modules (peers live in bench/
// only, never in the root), the root's node_modules, a fresh build of the framework (dist/,
// what production runs), pinning, and a description of the machine.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runProcess } = require('./proc');

const BENCH = path.resolve(__dirname, '..');
const ROOT = path.resolve(BENCH, '..');

function log(message) {
  process.stdout.write(`[bench] ${message}\n`);
}

async function npmInstall(dir, what) {
  const hasLock = fs.existsSync(path.join(dir, 'package-lock.json'));
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  log(`${what}: npm ${args[0]} in ${path.relative(ROOT, dir) || '.'} ...`);
  let result = await runProcess('npm', args, { cwd: dir, timeoutMs: 600_000 });
  if (result.code !== 0 && hasLock && dir === BENCH) {
    // npm may have left optional platform packages out of the lockfile (npm/cli#8805): add them
    // (the root's scripts/complete-lockfile.js, given bench's lockfile) and try once more.
    log('npm ci refused the lockfile; completing its optional entries and retrying');
    await runProcess(process.execPath, [path.join(BENCH, '..', 'scripts', 'complete-lockfile.js'), path.join(BENCH, 'package-lock.json')], { cwd: BENCH });
    result = await runProcess('npm', args, { cwd: dir, timeoutMs: 600_000 });
  }
  if (result.code !== 0) throw new Error(`npm ${args[0]} failed in ${dir}:\n${(result.stderr || result.stdout).slice(-2000)}`);
}

async function ensureDependencies() {
  if (!fs.existsSync(path.join(ROOT, 'node_modules', '@nestjs', 'core'))) await npmInstall(ROOT, 'root dependencies missing');
  const need = ['autocannon', '@rekog/mcp-nest', '@modelcontextprotocol/sdk', '@modelcontextprotocol/server', 'fastify', 'pg'];
  if (need.some((name) => !fs.existsSync(path.join(BENCH, 'node_modules', name, 'package.json')))) {
    await npmInstall(BENCH, 'bench dependencies missing');
  }
}

function newestMtime(dir, filter) {
  let newest = 0;
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (filter(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

/** Builds dist/ with `nest build` when it is missing, older than libs/ sources, or BENCH_REBUILD=1. */
async function ensureBuild(force) {
  const marker = path.join(ROOT, 'dist', 'libs', 'gateway', 'src', 'index.js');
  const sources = newestMtime(path.join(ROOT, 'libs'), (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  if (!force && built && built >= sources) return 'dist/ up to date';
  log(built ? (force ? 'BENCH_REBUILD=1: rebuilding dist/' : 'dist/ older than libs/: rebuilding') : 'dist/ missing: building');
  const nest = path.join(ROOT, 'node_modules', '.bin', 'nest');
  const result = await runProcess(nest, ['build'], { cwd: ROOT, timeoutMs: 600_000 });
  if (result.code !== 0 || !fs.existsSync(marker)) {
    // tsc emits despite type errors: drop the marker, or the next run would take this dist/ as fresh.
    fs.rmSync(marker, { force: true });
    throw new Error(`nest build failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
  }
  return built ? 'dist/ rebuilt' : 'dist/ built';
}

/** Pins this runner to core 1 and says whether servers/load can be pinned to 0 / 1. */
async function pinning() {
  const cores = os.cpus().length;
  if (process.env.BENCH_NO_PIN === '1') return { pinned: false, note: 'unpinned (BENCH_NO_PIN=1)' };
  if (cores < 2) return { pinned: false, note: `unpinned: only ${cores} core` };
  const check = await runProcess('taskset', ['-c', '0', 'true'], { timeoutMs: 10_000 });
  if (check.code !== 0) return { pinned: false, note: 'unpinned: taskset not available' };
  await runProcess('taskset', ['-pc', '1', String(process.pid)], { timeoutMs: 10_000 });
  return { pinned: true, note: 'server on core 0 (taskset -c 0), load generator and runner on core 1 (taskset -c 1)' };
}

function packageVersion(dir, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

async function machine() {
  let cpuModel = 'unknown';
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  const git = await runProcess('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, timeoutMs: 10_000 });
  const dirty = await runProcess('git', ['status', '--porcelain', '--', 'libs', 'src'], { cwd: ROOT, timeoutMs: 10_000 });
  return {
    cpuModel,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadavg: os.loadavg(),
    os: `${os.type()} ${os.release()}`,
    commit: `${git.stdout.trim()}${dirty.stdout.trim() ? ' (libs/ or src/ has uncommitted changes)' : ''}`,
    versions: {
      skillnest: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
      'root @modelcontextprotocol/server': packageVersion(ROOT, '@modelcontextprotocol/server'),
      'root @nestjs/core': packageVersion(ROOT, '@nestjs/core'),
      '@rekog/mcp-nest': packageVersion(BENCH, '@rekog/mcp-nest'),
      'bench @nestjs/core': packageVersion(BENCH, '@nestjs/core'),
      'bench @modelcontextprotocol/server': packageVersion(BENCH, '@modelcontextprotocol/server'),
      '@modelcontextprotocol/sdk': packageVersion(BENCH, '@modelcontextprotocol/sdk'),
      fastify: packageVersion(BENCH, 'fastify'),
      pg: packageVersion(BENCH, 'pg'),
      autocannon: packageVersion(BENCH, 'autocannon'),
    },
  };
}

/**
 * wrk is a Debian package, not an npm one. On a fresh machine where we are root with apt-get (this
 * project's machines and CI), it is installed once, bounded in time; elsewhere the runner falls
 * back to autocannon and the report says so.
 */
async function installWrk() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const apt = await runProcess('sh', ['-c', 'command -v apt-get'], { timeoutMs: 10_000 });
  if (apt.code !== 0) return;
  log('wrk not found: installing it with apt-get (Debian package)');
  const install = 'apt-get install -y -q wrk >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1)';
  const { code } = await runProcess('sh', ['-c', install], { timeoutMs: 180_000 });
  if (code !== 0) log('could not install wrk; using autocannon');
}

async function loadGenerator(choice) {
  const probe = () => runProcess('sh', ['-c', 'command -v wrk && wrk -v 2>&1 | head -1'], { timeoutMs: 10_000 });
  let wrk = await probe();
  if ((wrk.code !== 0 || wrk.stdout.trim() === '') && choice !== 'autocannon') {
    await installWrk();
    wrk = await probe();
  }
  const hasWrk = wrk.code === 0 && wrk.stdout.trim() !== '';
  const version = hasWrk ? wrk.stdout.trim().split('\n').pop() : '';
  if (choice === 'wrk' && !hasWrk) throw new Error('BENCH_LOADGEN=wrk but wrk is not installed (apt-get install wrk)');
  if (choice === 'autocannon' || !hasWrk) {
    return {
      name: 'autocannon',
      note: `autocannon ${packageVersion(BENCH, 'autocannon')} (Node, one process)${hasWrk ? '' : '; wrk not found (apt-get install wrk for a lighter load generator)'}`,
    };
  }
  return { name: 'wrk', note: `${version.replace(/ Copyright.*/, '')} (-t1)` };
}

module.exports = { BENCH, ROOT, ensureBuild, ensureDependencies, loadGenerator, log, machine, pinning };
