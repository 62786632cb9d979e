import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';

const ROOT = join(__dirname, '..', '..');

export interface Balancer {
  url: string;
  /** The config nginx runs, for failure messages. */
  config: string;
  /** nginx's error log so far (warnings and errors: why it answered 502, say). */
  errors(): string;
  stop(): Promise<void>;
}

/**
 * The shipped `deploy/nginx.conf`, adapted only in its upstream addresses (and the listen
 * address, and Docker's resolver line, which 127.0.0.1 has no use for), run by the machine's
 * nginx in the foreground with its files in a temporary directory.
 */
export function shippedConfigFor(upstreams: number[], port: number): string {
  const shipped = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
  const servers = upstreams.map((upstream) => `server 127.0.0.1:${upstream};`).join('\n  ');
  const adapted = shipped
    .replace(/^resolver .*$/m, '')
    .replace(/server app:3000 resolve;/g, servers)
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`);
  if (adapted.includes('app:3000') || !adapted.includes(`127.0.0.1:${port}`)) throw new Error('deploy/nginx.conf no longer has the lines this harness adapts');
  return adapted;
}

export async function startBalancer(upstreams: number[]): Promise<Balancer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'skillnest-nginx-'));
  const site = shippedConfigFor(upstreams, port);
  const main = [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'worker_processes 1;',
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
    site,
    '}',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), main);
  // No nginx is a failure, not a skip: .ci/run installs Debian's nginx.
  const binary = process.env.NGINX_BIN ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`nginx could not start: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`nginx exited with ${code}: ${output}`)));
    child.once('spawn', () => resolve());
  });
  await spawned;
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    config: site,
    errors: () => {
      try {
        return readFileSync(join(dir, 'error.log'), 'utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
