#!/usr/bin/env node
// Installs the official conformance suite, the Inspector CLI and the Node 22 they need into
// test/conformance/runner (its own package, so that its node binary never shadows the project's).
// Run by .ci/run and by `npm test` (pretest) before any test starts, never during one; a failure
// stops with a message instead of leaving the conformance specs to fail later for a missing tool.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const runner = join(__dirname, '..', 'test', 'conformance', 'runner');
const node22 = join(runner, 'node_modules', `node-linux-${process.arch}`, 'bin', 'node');
const cli = join(runner, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
  console.error(`install-conformance-runner: no Node 22 package for ${process.platform}-${process.arch} (linux x64 and arm64 are supported)`);
  process.exit(1);
}
if (existsSync(node22) && existsSync(cli)) process.exit(0);
try {
  console.error('install-conformance-runner: installing test/conformance/runner (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: runner, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
} catch (error) {
  console.error(`install-conformance-runner: npm ci in test/conformance/runner failed (${error.message.split('\n')[0]})`);
  process.exit(1);
}
if (!existsSync(node22) || !existsSync(cli)) {
  console.error(`install-conformance-runner: npm ci finished but ${existsSync(cli) ? node22 : cli} is missing`);
  process.exit(1);
}
