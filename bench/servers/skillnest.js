'use strict';
// Skillnest bench server: the framework's built dist (dist/libs/...), as production runs it.
// Plain JavaScript with the decorators applied by hand (what tsc emits), so the bench needs no
// compile step of its own. Every Nest package is loaded from the ROOT node_modules: the bench's
// own node_modules holds the peers' versions and must not leak in here.
//
// Env: PORT, BENCH_TOOLS = 1 | 5 | 50, BENCH_PG = 1 (adds the pg_get_item tool and a pool),
// BENCH_TASKS = 1 (adds task_echo, a tool that runs only as a task, and the pool its tasks live in),
// BENCH_SKILLNEST_DIST = the dist/ to run (default: this repository's dist/; the runner gives
// `skillnest-before` the dist/ of the BENCH_BASELINE_REF worktree, bench/.baseline/<sha>/dist),
// BENCH_AUTH = static | jwt with BENCH_STATIC_TOKEN or BENCH_JWKS_URL + BENCH_JWT_ISSUER, and
// BENCH_RESOURCE_URL (lib/bench-auth.js): one static token, or JWTs from the runner's JWKS.
// BENCH_OBS = on | off (the observability scenario): `on` starts the OpenTelemetry SDK with no
// exporter before anything loads pg, logs JSON request lines (to this process's stdout, which the
// runner writes to a file), serves /metrics and writes the audit trail to PostgreSQL; `off` has
// none of it (request lines off), with the same PostgreSQL pool.
const path = require('node:path');
const { createRequire } = require('node:module');
const common = require('./common');

const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(process.env.BENCH_SKILLNEST_DIST || path.join(ROOT, 'dist'));
const rootRequire = createRequire(path.join(ROOT, 'package.json'));
const OBS = process.env.BENCH_OBS;
// BENCH_OBS_ONLY (with BENCH_OBS=on; default all): which of logs, metrics, tracing, audit are on, to tell their costs apart.
const KNOWN_PARTS = ['logs', 'metrics', 'tracing', 'audit'];
const PARTS = new Set(process.env.BENCH_OBS_ONLY ? process.env.BENCH_OBS_ONLY.split(',') : KNOWN_PARTS);
// A name that is no part would measure "nothing on" under the label of "on": refuse it.
for (const name of PARTS) if (!KNOWN_PARTS.includes(name)) throw new Error(`BENCH_OBS_ONLY: "${name}" is none of ${KNOWN_PARTS.join(', ')}`);
const part = (name) => OBS === 'on' && PARTS.has(name);
// Spans made and not sent (SKILLNEST_TRACING=on, no OTLP endpoint): first, so the pg instrumentation can patch pg.
if (part('tracing')) require(path.join(DIST, 'libs/gateway/src/tracing')).startTracing({ SKILLNEST_TRACING: 'on', OTEL_SERVICE_NAME: 'skillnest-bench' });
// The dist/ must load the same NestJS as this entry (one copy of @nestjs/core, or modules and
// providers do not match): a baseline worktree resolves it through its node_modules symlink.
const realResolve = (request, from) => fs.realpathSync(createRequire(from).resolve(request));
const ours = realResolve('@nestjs/core', path.join(ROOT, 'package.json'));
const theirs = realResolve('@nestjs/core', path.join(DIST, 'libs', 'gateway', 'src', 'index.js'));
if (ours !== theirs) throw new Error(`${DIST} resolves @nestjs/core to ${theirs}, not the root's ${ours}`);
rootRequire('reflect-metadata');
const { Injectable, Module } = rootRequire('@nestjs/common');
const { NestFactory } = rootRequire('@nestjs/core');
const { FastifyAdapter } = rootRequire('@nestjs/platform-fastify');
const { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } = rootRequire('class-validator');
const { McpGatewayModule, McpGatewayRegistrar, ObservabilityModule, createSkillnestLogger, listenSafely } = require(path.join(DIST, 'libs/gateway/src'));
const { Tool } = require(path.join(DIST, 'libs/skills/src'));

const decorate = (decorators, target, key, descriptor) => Reflect.decorate(decorators, target, key, descriptor);
const typed = (type) => Reflect.metadata('design:type', type);

// --- DTOs -------------------------------------------------------------------------------------
class EchoInput {}
decorate([IsString(), MaxLength(1000), typed(String)], EchoInput.prototype, 'message', undefined);

/** One DTO class per extra tool (class-validator-jsonschema keys schemas by class name). */
function lookupDto(name) {
  const dto = { [name]: class {} }[name];
  decorate([IsString(), Length(1, 200), typed(String)], dto.prototype, 'query', undefined);
  decorate([IsOptional(), IsInt(), Min(1), Max(100), typed(Number)], dto.prototype, 'limit', undefined);
  return dto;
}

// --- Skills -------------------------------------------------------------------------------------
class BenchSkills {
  echo(input) {
    return input.message;
  }
}
decorate(
  [Tool({ name: 'echo', description: 'Returns the message it is given', input: EchoInput })],
  BenchSkills.prototype,
  'echo',
  Object.getOwnPropertyDescriptor(BenchSkills.prototype, 'echo'),
);
for (const { name, description } of common.extraTools(common.toolCount())) {
  const dto = lookupDto(`${name[0].toUpperCase()}${name.slice(1)}Input`);
  BenchSkills.prototype[name] = function (input) {
    return common.extraToolText(name, input);
  };
  decorate([Tool({ name, description, input: dto })], BenchSkills.prototype, name, Object.getOwnPropertyDescriptor(BenchSkills.prototype, name));
}
decorate([Injectable()], BenchSkills);

class BenchSkillsModule {}
decorate([Module({ providers: [BenchSkills] })], BenchSkillsModule);

// Legacy sessions (when the gateway has them): the sessions scenario opens 10,000 at once, all as
// the one anonymous principal (no tokens), so the cap and that principal's share are raised above
// that, and the idle expiry comes from the runner (BENCH_SESSION_TTL_MS).
const sessionTtlMs = process.env.BENCH_SESSION_TTL_MS ? Number(process.env.BENCH_SESSION_TTL_MS) : undefined;
const maxSessions = Number(process.env.BENCH_MAX_SESSIONS || 20_000);
const gatewayOptions = {
  path: '/mcp',
  serverInfo: { name: 'skillnest-bench', version: '0.1.0' },
  legacySessions: { maxSessions, maxSessionsPerPrincipal: maxSessions, ...(sessionTtlMs ? { idleTimeoutMs: sessionTtlMs } : {}) },
  // The tasks scenario creates tens of thousands as one anonymous caller: caps above that, rows kept a minute.
  ...(process.env.BENCH_TASKS === '1' ? { tasks: { ttlMs: 60_000, maxActivePerPrincipal: 1e6, maxStoredPerPrincipal: 1e7, maxActive: 1e6, sweepBatch: 10_000 } } : {}),
};
// Authenticated runs: the gateway's own options, as an enterprise deployment sets them.
if (process.env.BENCH_AUTH === 'static') gatewayOptions.tokens = [{ token: process.env.BENCH_STATIC_TOKEN, id: 'bench' }];
if (process.env.BENCH_AUTH === 'jwt') gatewayOptions.jwt = { jwksUrl: process.env.BENCH_JWKS_URL, issuer: process.env.BENCH_JWT_ISSUER };
if (process.env.BENCH_AUTH) gatewayOptions.resourceUrl = process.env.BENCH_RESOURCE_URL;
if (OBS) gatewayOptions.requestLog = part('logs');
const imports = [BenchSkillsModule, McpGatewayModule.forRoot(gatewayOptions)];
if (OBS) {
  const { PgPoolModule } = require(path.join(DIST, 'libs/pools/src'));
  imports.push(PgPoolModule.forRoot({ connectionString: common.pgConnectionString(), max: 10 }));
  const observability = {
    ...(part('metrics') ? { metrics: { access: 'open' } } : { metrics: false }),
    ...(part('tracing') ? { tracing: {} } : {}),
    ...(part('audit') ? { audit: { pool: 'default' } } : {}),
  };
  if (OBS === 'on') imports.push(ObservabilityModule.forRoot(observability));
}

if (process.env.BENCH_PG === '1') {
  const { InjectPgPool, PgPoolModule } = require(path.join(DIST, 'libs/pools/src'));
  class ItemInput {}
  decorate([IsInt(), Min(1), typed(Number)], ItemInput.prototype, 'id', undefined);
  class PgSkills {
    constructor(pool) {
      this.pool = pool;
    }
    async getItem(input) {
      const { rows } = await this.pool.query(common.PG_QUERY, [input.id]);
      return rows[0] ?? null;
    }
  }
  decorate(
    [Tool({ name: 'pg_get_item', description: 'Reads one bench item by primary key', input: ItemInput })],
    PgSkills.prototype,
    'getItem',
    Object.getOwnPropertyDescriptor(PgSkills.prototype, 'getItem'),
  );
  InjectPgPool()(PgSkills, undefined, 0);
  decorate([Injectable(), Reflect.metadata('design:paramtypes', [Object])], PgSkills);
  class PgSkillsModule {}
  decorate([Module({ providers: [PgSkills] })], PgSkillsModule);
  imports.push(PgPoolModule.forRoot({ connectionString: common.pgConnectionString(), max: 10 }), PgSkillsModule);
}

if (process.env.BENCH_TASKS === '1') {
  const { PgPoolModule } = require(path.join(DIST, 'libs/pools/src'));
  class TaskSkills {
    echo(input) {
      return input.message;
    }
  }
  const task = Tool({ name: 'task_echo', description: 'Returns the message it is given, as a task', input: EchoInput, task: 'required' });
  decorate([task], TaskSkills.prototype, 'echo', Object.getOwnPropertyDescriptor(TaskSkills.prototype, 'echo'));
  decorate([Injectable()], TaskSkills);
  class TaskSkillsModule {}
  decorate([Module({ providers: [TaskSkills] })], TaskSkillsModule);
  imports.push(PgPoolModule.forRoot({ connectionString: common.pgConnectionString(), max: 10 }), TaskSkillsModule);
}

class BenchAppModule {}
decorate([Module({ imports })], BenchAppModule);

async function main() {
  // With observability on, the app's logger is the production one: JSON lines at info, request lines included.
  const logger = part('logs') ? createSkillnestLogger({ SKILLNEST_LOG_FORMAT: 'json', SKILLNEST_LOG_LEVEL: 'info' }) : ['error', 'warn'];
  const app = await NestFactory.create(BenchAppModule, new FastifyAdapter(), { logger, abortOnError: false });
  common.addFastifyMemoryRoute(app.getHttpAdapter().getInstance());
  await listenSafely(app, common.port(), '127.0.0.1');
  // Open sessions for the memory report. `sessions` is internal to the registrar: when it is not
  // there (no session support, or renamed), the report just has no count.
  const registrar = app.get(McpGatewayRegistrar);
  common.setStatsProvider(() => {
    const size = registrar.sessions && registrar.sessions.size;
    return { ...(typeof size === 'number' ? { sessions: size } : {}), ...(sessionTtlMs ? { sessionTtlMs } : {}) };
  });
  common.exitOnSignals(() => app.close());
}
main().catch(common.fatal);
