import { join } from 'node:path';
import type { Stream } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

const ROOT = join(__dirname, '..', '..');
/** The example plus fixture skills, served over stdio (`bootstrapStdio`), as `npm run start:stdio` serves the example. */
export const STDIO_ENTRY = join(ROOT, 'test', 'fixtures', 'fixture-app.stdio.main.ts');
const LAUNCHER = join(ROOT, 'test', 'support', 'report-exit.launcher.js');

/** The command an MCP host would run for the stdio server (through the launcher, which reports the exit), as `StdioServerParameters`. */
export function stdioServerParams(env: Record<string, string>) {
  return {
    command: process.execPath,
    // Preloads by path and the project by name: a host may start the server from any folder.
    args: [LAUNCHER, process.execPath, '-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), STDIO_ENTRY],
    cwd: ROOT,
    env: { NO_COLOR: '1', TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), SKILLNEST_LOG_FORMAT: 'json', ...env },
    stderr: 'pipe' as const,
  };
}

export interface StdioServerStderr {
  /** Everything the server wrote to stderr so far. */
  text(): string;
  /** Its JSON log lines (every line but the launcher's must be one). */
  logLines(): Array<Record<string, unknown>>;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** How the server process exited, as the launcher reports it. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Reads the stderr the client transport pipes (`stderr: 'pipe'`): the server's log, and the launcher's exit line. */
export function watchStderr(stream: Stream | null): StdioServerStderr {
  if (!stream) throw new Error('the transport has no stderr stream: spawn it with stderr: "pipe"');
  let text = '';
  const listeners = new Set<() => void>();
  stream.on('data', (chunk: Buffer) => {
    text += stripVTControlCharacters(chunk.toString('utf8'));
    listeners.forEach((listener) => listener());
  });
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(text)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`stderr never matched ${pattern} within ${timeoutMs} ms; so far:\n${text.slice(-3000)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const exited = waitFor(/report-exit: code=\S+ signal=\S+/, 120_000).then(() => {
    const [, code, signal] = /report-exit: code=(\S+) signal=(\S+)/.exec(text)!;
    return { code: code === 'null' ? null : Number(code), signal: signal === 'null' ? null : signal };
  });
  exited.catch(() => undefined);
  return {
    text: () => text,
    logLines: () =>
      text
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('report-exit:'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    waitFor,
    exited,
  };
}
