/**
 * Which required packages a Skillnest package declares as peerDependencies (the app installs them
 * and holds the one copy every package uses) rather than dependencies, and why. Everything else a
 * compiled file requires is a dependency, at the root package.json's range.
 */
const PEER_REASONS = [
  [(name) => name.startsWith('@skillnest/'), 'the siblings share registries and the internal entry: one copy of each, all of the same release'],
  [(name) => name.startsWith('@nestjs/'), 'Nest packages: their classes are DI tokens and decorators, and the app chooses the Nest release'],
  [(name) => name === 'reflect-metadata', 'a process-wide polyfill that the app loads once'],
  [(name) => name === 'rxjs', "Nest's observables: one copy, the app's"],
  [
    (name) => name === 'class-validator' || name === 'class-transformer',
    "the app's DTO decorators write to this package's storage, which the skills lib must read: the same copy",
  ],
  [(name) => name === '@opentelemetry/api', 'the OpenTelemetry API is a process-wide singleton, which OpenTelemetry asks libraries to take as a peer'],
  [(name) => name === 'fastify', "the gateway's hooks, routes and public types are those of the Fastify instance that the app's @nestjs/platform-fastify creates"],
  [(name) => name === '@modelcontextprotocol/client', "the harness hands out this package's Client to the app's tests"],
];

/**
 * Peers an app installs only to use a feature: the OpenTelemetry SDK, exporter and
 * instrumentations, which only `@skillnest/gateway/tracing`'s startTracing() loads. OpenTelemetry
 * asks libraries to depend on the API alone and applications to install the SDK; an app that
 * does not trace installs none of it. Optional peers do not narrow the package's Node range.
 */
const OPTIONAL_PEER = (name) => name.startsWith('@opentelemetry/') && name !== '@opentelemetry/api' && name !== '@opentelemetry/semantic-conventions';
const OPTIONAL_PEER_REASON =
  'the OpenTelemetry SDK, exporter and instrumentations: only startTracing() (@skillnest/gateway/tracing) loads them, so an app that traces installs them';

/** Packages a lib needs that its code never requires, by lib. */
const USED_WITHOUT_REQUIRE = {
  gateway: {
    '@nestjs/platform-fastify': "the gateway mounts its routes on the app's Fastify instance (HttpAdapterHost): the app must be created with FastifyAdapter",
  },
};

/** Where Node's require() loads ES modules without a flag. */
const REQUIRE_ESM_NODE = '^20.19.0 || >=22.12.0';

/** Each package's description (npm shows it), from DESIGN.md's layout. */
const DESCRIPTIONS = {
  skills: 'Skillnest skills: decorators (@Tool, @Resource, @Prompt), DTO -> JSON Schema, explorer, registry, invoker, SkillContext',
  pools: 'Skillnest pools: PgPoolModule and HttpPoolModule (injection, health, drain), migrations, the embedded PostgreSQL',
  gateway: 'Skillnest gateway: McpGatewayModule, MCP Streamable HTTP on Fastify with auth, CORS/Origin, limits, REST, tasks and observability',
  claude: 'Skillnest Claude: ClaudeModule, the Anthropic client, LLM-backed skills and the agent runner',
  testing: 'Skillnest testing: start skill modules behind an in-process gateway and talk to them with the official MCP client',
};

/**
 * The reason a package is a peer, or undefined when it is a dependency (also when only the .d.ts
 * use it: a TypeScript consumer needs it installed, as TypeScript's publishing guide says).
 */
function peerReason(lib, name) {
  if (OPTIONAL_PEER(name)) return OPTIONAL_PEER_REASON;
  return USED_WITHOUT_REQUIRE[lib]?.[name] ?? PEER_REASONS.find(([matches]) => matches(name))?.[1];
}

module.exports = { DESCRIPTIONS, OPTIONAL_PEER, REQUIRE_ESM_NODE, USED_WITHOUT_REQUIRE, peerReason };
