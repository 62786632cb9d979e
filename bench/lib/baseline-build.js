'use strict';
// Builds the framework at another git ref beside the working tree, for before/after figures.
const fs = require('node:fs');
const path = require('node:path');
const { runProcess } = require('./proc');
const { BENCH, ROOT, log } = require('./setup');

/**
 * BENCH_BASELINE_REF (and BENCH_AFTER_REF): the framework at a git ref, for before/after figures
 * in one run.
 * A detached git worktree of that commit lives under bench/.baseline/<full sha>/ (git-ignored) and
 * is reused by later runs. Only what `nest build` reads is checked out in it (BASELINE_PATHS): the
 * root jest config matches any `test/...spec.ts` below the root, so a full checkout would add the
 * baseline's own specs to every `npm test` of the working tree. Its node_modules is a symlink to
 * the root's (same dependencies, and the one copy of NestJS that bench/servers/skillnest.js
 * loads), and it is built there with `npx nest build`, so its dist/ is what that commit ships. A
 * marker in dist/ records a finished build; BENCH_REBUILD=1 builds again.
 */
const BASELINE_PATHS = ['libs', 'src', 'package.json', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json'];

async function ensureRefBuild(ref, force, setting = 'BENCH_BASELINE_REF') {
  const git = (args, cwd = ROOT) => runProcess('git', args, { cwd, timeoutMs: 120_000 });
  const parsed = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const sha = parsed.stdout.trim();
  if (parsed.code !== 0 || !/^[0-9a-f]{40}$/.test(sha)) throw new Error(`${setting}=${ref}: not a commit of this repository`);
  const short = (await git(['rev-parse', '--short', sha])).stdout.trim() || sha.slice(0, 7);
  const dir = path.join(BENCH, '.baseline', sha);
  const head = fs.existsSync(path.join(dir, '.git')) && fs.existsSync(path.join(dir, 'nest-cli.json')) ? (await git(['rev-parse', 'HEAD'], dir)).stdout.trim() : '';
  let created = false;
  if (head !== sha) {
    // Missing, or left half-made by an interrupted run: start it again.
    if (fs.existsSync(dir)) {
      await git(['worktree', 'remove', '--force', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await git(['worktree', 'prune']);
    log(`${setting}=${ref}: git worktree of ${short} in ${path.relative(ROOT, dir)}`);
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const added = await git(['worktree', 'add', '--no-checkout', '--detach', dir, sha]);
    if (added.code !== 0) throw new Error(`git worktree add ${dir} ${sha} failed:\n${added.stderr.slice(-2000)}`);
    const present = new Set((await git(['ls-tree', '--name-only', sha])).stdout.split('\n'));
    if (!present.has('nest-cli.json')) throw new Error(`${setting}=${ref}: ${short} has no nest-cli.json (not buildable with nest build)`);
    const checkout = await git(['checkout', sha, '--', ...BASELINE_PATHS.filter((p) => present.has(p))], dir);
    if (checkout.code !== 0) throw new Error(`git checkout in ${dir} failed:\n${checkout.stderr.slice(-2000)}`);
    created = true;
  }
  const modules = path.join(dir, 'node_modules');
  const target = path.relative(dir, path.join(ROOT, 'node_modules'));
  let link = null;
  try {
    link = fs.readlinkSync(modules);
  } catch {
    // missing, or a real directory
  }
  if (link !== target) {
    fs.rmSync(modules, { recursive: true, force: true });
    fs.symlinkSync(target, modules, 'dir');
  }
  const distRoot = path.join(dir, 'dist');
  const marker = path.join(distRoot, '.bench-baseline-built');
  const built = fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === sha && fs.existsSync(path.join(distRoot, 'libs', 'gateway', 'src', 'index.js'));
  if (built && !force) return { ref, sha, short, dir, distRoot, note: `${setting}=${ref} (${short}): worktree and dist/ reused` };
  log(`${setting}=${ref} (${short}): npx nest build in ${path.relative(ROOT, dir)} ...`);
  const result = await runProcess('npx', ['--no-install', 'nest', 'build'], { cwd: dir, timeoutMs: 600_000 });
  if (result.code !== 0 || !fs.existsSync(path.join(distRoot, 'libs', 'gateway', 'src', 'index.js'))) {
    throw new Error(`nest build of ${setting}=${ref} (${short}) failed in ${dir}:\n${(result.stdout + result.stderr).slice(-3000)}`);
  }
  fs.writeFileSync(marker, `${sha}\n`);
  return { ref, sha, short, dir, distRoot, note: `${setting}=${ref} (${short}): ${created ? 'worktree created' : 'worktree reused'}, dist/ built` };
}

module.exports = { ensureRefBuild };
