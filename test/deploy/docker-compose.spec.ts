import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  healthcheck?: { test: unknown };
  restart?: string;
  volumes?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }> | string[];
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  it('is valid for docker-compose (config -q)', () => {
    // No silent pass: without the tool this check cannot run, so it fails and says how to get it
    // (.ci/run installs Debian's docker-compose).
    const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (probe.error) throw new Error(`docker-compose is not installed (${probe.error.message}): apt-get install -y docker-compose, or run .ci/run`);
    expect(() => execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('runs app replicas behind a load balancer, with PostgreSQL on a named volume and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'lb', 'postgres', 'redis']);
    expect(compose.services.app.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(compose.services.postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('pins every pulled image to a release (no floating major tags), nginx to one whose `server ... resolve` works (1.27.3+)', () => {
    for (const name of ['lb', 'postgres', 'redis']) expect([name, compose.services[name].image]).toEqual([name, expect.stringMatching(/^[a-z]+:\d+\.\d+(\.\d+)?(-alpine)?$/)]);
    const [major, minor, patch] = /^nginx:(\d+)\.(\d+)\.(\d+)/.exec(compose.services.lb.image!)!.slice(1).map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(1_027_003);
    expect(readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8')).toMatch(/server app:3000 resolve;/);
  });

  it('starts the load balancer only once an app replica is healthy', () => {
    expect(compose.services.lb.depends_on).toEqual({ app: { condition: 'service_healthy' } });
  });

  it('documents how to create every secret file it mounts', () => {
    const header = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
    const secrets = (parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { secrets: Record<string, { file: string }> }).secrets;
    for (const { file } of Object.values(secrets)) expect(header).toContain(`> ${file.replace(/^\.\//, '')}`);
  });

  it('gives every service a healthcheck and a restart policy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect([name, service.healthcheck?.test]).toEqual([name, expect.anything()]);
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
    }
  });

  it('configures the app from the environment, its tokens from a secret file', () => {
    const env = compose.services.app.environment!;
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.SKILLNEST_TOKENS_FILE).toBe('/run/secrets/skillnest_tokens');
    expect(env.SKILLNEST_STATE_KEY_FILE).toBe('/run/secrets/skillnest_state_key');
  });

  it('builds a multi-stage image on Node 22+ that runs as a non-root user with production dependencies only', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const stages = dockerfile.match(/^FROM node:(\d+)/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(Number(/node:(\d+)/.exec(stage)![1])).toBeGreaterThanOrEqual(22);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    // What the app reads at startup must be in the image.
    expect(dockerfile).toMatch(/^COPY .*migrations/m);
    expect(dockerfile).toMatch(/^COPY .*skills/m);
  });
});
