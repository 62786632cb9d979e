import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/** A finished command: its exit code (null when killed, e.g. by its timeout), what it printed, how long it took. */
export interface Step {
  code: number | null;
  output: string;
  ms: number;
}

/** The environment of commands run in a scratch folder: no jest worker id, no colours, npm quiet and without its update check. */
function scratchEnv(): NodeJS.ProcessEnv {
  const { JEST_WORKER_ID: _worker, ...env } = process.env;
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Runs one command in `cwd`, killed after `timeoutMs`, and settles with how it ended (never rejects). */
export function runStep(cwd: string, command: string, args: string[], timeoutMs: number): Promise<Step> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: scratchEnv() }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}`, ms: Date.now() - started }),
    );
  });
}

/** How the scratch app was installed: from the npm cache alone, or from the registry for what the cache lacks. */
export type InstallMode = 'offline' | 'prefer-offline';

/**
 * `npm install` in `cwd`: `--offline` first (everything from the npm cache, no network), and when
 * the cache lacks something (npm answers ENOTCACHED, or cannot resolve a package it has no
 * metadata for) `--prefer-offline`, which asks the registry only for what the cache lacks.
 * Install scripts are not run: nothing these packages need has one.
 */
export async function installScratch(cwd: string, timeoutMs: number): Promise<Step & { mode: InstallMode }> {
  const args = (mode: InstallMode) => ['install', `--${mode}`, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  const offline = await runStep(cwd, 'npm', args('offline'), timeoutMs);
  if (offline.code === 0) return { ...offline, mode: 'offline' };
  const online = await runStep(cwd, 'npm', args('prefer-offline'), timeoutMs);
  return { ...online, ms: offline.ms + online.ms, mode: 'prefer-offline' };
}

/** How long a server may take to shut down after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

/** A server process of the scratch app, with the URL it announced. */
export interface ServedApp {
  url: URL;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node <entry>` in `cwd` and resolves once it prints `listening on <url>`; rejects with its
 * output if it exits first or does not say so within `timeoutMs`.
 */
export function serveScratch(cwd: string, entry: string, timeoutMs: number): Promise<ServedApp> {
  const child: ChildProcess = spawn(process.execPath, [entry], { cwd, env: { ...scratchEnv(), PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let text = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // A shutdown that hangs must not hold the run: SIGKILL after a grace period.
    const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(grace);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`no "listening on" within ${timeoutMs} ms; output:\n${text}`))), timeoutMs);
    const collect = (chunk: Buffer) => {
      text += stripVTControlCharacters(chunk.toString('utf8'));
      const announced = /listening on (\S+)/.exec(text);
      if (!announced) return;
      clearTimeout(timer);
      resolve({ url: new URL(announced[1]), output: () => text, stop });
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the app exited before listening; output:\n${text}`));
    });
  });
}
