'use strict';
// Peer: @rekog/mcp-nest 2.0 on NestJS 12 + @nestjs/platform-fastify, as its README sets it up:
// an McpStrategy (microservice transport strategy) with a StreamableHttpTransport self-mounted on
// Nest's Fastify adapter, tools on an @McpController. Stateless by default (a fresh server per
// request; 2026-07-28 traffic goes to the SDK v2 createMcpHandler inside it, 2025 traffic to a
// per-request legacy transport). BENCH_SESSIONS=1 turns on its statefulMode (2025 sessions).
//
// Plain JavaScript with decorators applied by hand (what tsc emits). Resolves NestJS from
// bench/node_modules (rekog's own install), never from the root.
//
// With BENCH_AUTH (see peer-auth.js), a Fastify onRequest hook on Nest's instance verifies the bearer
// token and puts the principal on the raw request, where rekog's tool authorization reads it
// (`rawRequest.user`), as a guard-based setup does.
//
// Env: PORT, BENCH_TOOLS = 1 | 5 | 50, BENCH_SESSIONS = 1, BENCH_AUTH and its settings (peer-auth.js).
require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { Payload } = require('@nestjs/microservices');
const { McpController, McpStrategy, StreamableHttpTransport, Tool } = require('@rekog/mcp-nest');
const z = require('zod');
const common = require('./common');
const { bearerToken, peerVerifier } = require('./peer-auth');

const decorate = (decorators, target, key, descriptor) => Reflect.decorate(decorators, target, key, descriptor);
const stateful = process.env.BENCH_SESSIONS === '1';

const echoInput = z.object({ message: z.string().max(1000) });
const lookupInput = z.object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(100).optional() });

class BenchTools {
  echo(input) {
    return { content: [{ type: 'text', text: input.message }] };
  }
}
function tool(name, options) {
  const descriptor = Object.getOwnPropertyDescriptor(BenchTools.prototype, name);
  Payload()(BenchTools.prototype, name, 0);
  Reflect.defineMetadata('design:paramtypes', [Object], BenchTools.prototype, name);
  decorate([Tool({ name, ...options })], BenchTools.prototype, name, descriptor);
}
tool('echo', { description: 'Returns the message it is given', parameters: echoInput });
for (const { name, description } of common.extraTools(common.toolCount())) {
  BenchTools.prototype[name] = function (input) {
    return { content: [{ type: 'text', text: common.extraToolText(name, input) }] };
  };
  tool(name, { description, parameters: lookupInput });
}
decorate([McpController()], BenchTools);

const mcp = new McpStrategy({
  name: 'rekog-bench',
  version: '0.1.0',
  transports: [new StreamableHttpTransport(stateful ? { statefulMode: true } : {})],
});

class BenchAppModule {}
decorate([Module({ controllers: [BenchTools] })], BenchAppModule);

async function main() {
  const app = await NestFactory.create(BenchAppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
  const fastify = app.getHttpAdapter().getInstance();
  common.addFastifyMemoryRoute(fastify);
  const check = peerVerifier();
  if (check) {
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.url === common.MEMORY_PATH) return;
      const token = bearerToken(request.headers.authorization);
      const claims = token && (await check(token));
      if (!claims)
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer error="invalid_token"')
          .send({ jsonrpc: '2.0', error: { code: -32001, message: 'invalid token' }, id: null });
      request.raw.user = claims;
    });
  }
  mcp.setHttpAdapter(app.getHttpAdapter());
  app.connectMicroservice({ strategy: mcp });
  await app.startAllMicroservices();
  await app.listen(common.port(), '127.0.0.1');
  common.exitOnSignals(() => app.close());
}
main().catch(common.fatal);
