import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'test', 'fixtures', 'fixture-app.main.ts');
const ANNOUNCE_PORT = join(ROOT, 'test', 'support', 'announce-port.preload.ts');
export const CONFORMANCE_ENTRY = join(ROOT, 'test', 'conformance', 'serve-conformance.main.ts');

export interface AppProcess {
  child: ChildProcess;
  /** The port the app bound (PORT=0, the kernel's choice); throws before the app listens. */
  readonly port: number;
  readonly url: string;
  /** Everything the process printed (stdout and stderr), ANSI colours removed. */
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  kill(): void;
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a process that cannot bind port 0
 * itself (nginx) or for an address no one listens on; it may be taken again by then.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs the example service (plus fixture skills) as a real process, from TypeScript, with the
 * given environment. Used where the process itself is under test: signals, exit codes, startup.
 */
export async function spawnApp(env: Record<string, string>, entry = ENTRY): Promise<AppProcess> {
  let text = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-r', ANNOUNCE_PORT, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TS_NODE_TRANSPILE_ONLY: '1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    text += stripVTControlCharacters(chunk.toString('utf8'));
    listeners.forEach((listener) => listener());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })),
  );
  const boundPort = () => {
    const announced = /test-harness: listening on port (\d+)/.exec(text);
    if (!announced) throw new Error(`the app has not bound its port yet; output so far:\n${text.slice(-2000)}`);
    return Number(announced[1]);
  };
  return {
    child,
    get port() {
      return boundPort();
    },
    get url() {
      return `http://127.0.0.1:${boundPort()}`;
    },
    output: () => text,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    waitFor: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output so far:\n${text.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.test(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited while waiting for ${pattern}; output:\n${text.slice(-2000)}`));
          }
        });
        check();
      }),
  };
}
