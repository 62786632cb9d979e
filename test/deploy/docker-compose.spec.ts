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
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  it('is valid for docker-compose (config -q), when the tool is installed', () => {
    const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (probe.error) {
      // .ci/run installs Debian's docker-compose; without it the structural checks below still run.
      expect(probe.error.message).toMatch(/ENOENT/);
      return;
    }
    expect(() => execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('runs app replicas behind a load balancer, with PostgreSQL on a named volume and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'lb', 'postgres', 'redis']);
    expect(compose.services.app.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(compose.services.postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('pgdata');
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
