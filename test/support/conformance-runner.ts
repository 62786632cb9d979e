import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNNER = join(__dirname, '..', 'conformance', 'runner');
const NODE22 = join(RUNNER, 'node_modules', `node-linux-${process.arch}`, 'bin', 'node');
const CLI = join(RUNNER, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

export interface ScenarioOutcome {
  scenario: string;
  passed: number;
  failed: number;
  scored: boolean;
}

/**
 * The suite and its Node 22 must be installed before the tests (scripts/install-conformance-runner.js,
 * run by `npm test` and .ci/run); a spec never installs them, and fails saying so when they are missing.
 */
export function ensureConformanceRunner(): void {
  if (existsSync(NODE22) && existsSync(CLI)) return;
  throw new Error(`The conformance runner is not installed (${existsSync(CLI) ? NODE22 : CLI} is missing): run node scripts/install-conformance-runner.js`);
}

/** Runs `args` under the runner's Node 22 and hands back what it printed. */
function node22(args: string[], timeoutMs: number): Promise<{ error: Error | null; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      NODE22,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { PATH: `${join(NODE22, '..')}:${process.env.PATH}`, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ error, stdout, stderr }),
    ),
  );
}

/** Runs the official suite against `url` for one requirement set and reads its summary. */
export function runConformance(url: string, requirements: '2025-11-25' | '2026-07-28'): Promise<{ outcomes: ScenarioOutcome[]; output: string; resultsDir: string }> {
  const resultsDir = mkdtempSync(join(tmpdir(), `conformance-${requirements}-`));
  return node22([CLI, 'server', '--url', url, '--requirements', requirements, '-o', resultsDir], 300_000).then(({ error, stdout, stderr }) => {
    const output = `${stdout}${stderr}`;
    const unscored = new Set([...output.slice(output.indexOf('Not scored')).matchAll(/^\s+[✓✗] (\S+) \(/gm)].map((match) => match[1]));
    const outcomes = [...output.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)].map((match) => ({
      scenario: match[2],
      passed: Number(match[3]),
      failed: Number(match[4]),
      scored: !unscored.has(match[2]),
    }));
    // The CLI exits non-zero when a scenario fails; the outcomes say which.
    if (outcomes.length === 0) throw new Error(`conformance run produced no results: ${error?.message ?? ''}\n${output.slice(-3000)}`);
    return { outcomes, output, resultsDir };
  });
}

/** Runs one scenario (e.g. an extension's) and reads its `Passed: N/M, K failed` line. */
export function runScenario(url: string, scenario: string): Promise<{ passed: number; total: number; failed: number; output: string }> {
  const resultsDir = mkdtempSync(join(tmpdir(), `conformance-${scenario}-`));
  return node22([CLI, 'server', '--url', url, '--scenario', scenario, '-o', resultsDir], 120_000).then(({ stdout, stderr }) => {
    const output = `${stdout}${stderr}`;
    const match = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(output);
    if (!match) throw new Error(`scenario ${scenario} produced no summary:\n${output.slice(-3000)}`);
    return { passed: Number(match[1]), total: Number(match[2]), failed: Number(match[3]), output };
  });
}

const INSPECTOR = join(RUNNER, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');

/** Runs the MCP Inspector CLI (Node 22) with `args` and parses its JSON output. */
export async function runInspector(args: string[]): Promise<Record<string, unknown>> {
  const { error, stdout, stderr } = await node22([INSPECTOR, '--cli', ...args], 60_000);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`inspector failed (${error?.message ?? 'no JSON'}):\n${stdout.slice(-1500)}\n${stderr.slice(-1500)}`);
  }
}
