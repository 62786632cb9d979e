import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DEFAULT_MAX_BODY_BYTES, createSkillnestLogger, fastifyServerTimeouts, serverTimeoutsFromEnv, setupSkillsOpenApi } from '@skillnest/gateway';
import { AppModule } from './app.module';

/** Limits of the HTTP server, from the environment, with safe defaults; a timeout that is not valid fails startup. */
export function httpLimitsFromEnv(env: NodeJS.ProcessEnv) {
  return {
    bodyLimit: Number(env.SKILLNEST_MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES,
    // A slow client cannot hold a connection open while it sends its request (408 past the
    // timeouts); responses, streams included, are not limited by them.
    ...fastifyServerTimeouts(serverTimeoutsFromEnv(env)),
    // Request ids that stay unique across replicas and restarts (Fastify's own count from req-1 in each process).
    genReqId: () => randomUUID(),
  };
}

@Module({})
class ExampleRootModule {}

/**
 * Builds the example app on Fastify, with shutdown hooks. `extraModules` lets a test process add
 * fixture skills to the very same app that `npm start` runs.
 */
export async function createApp(env: NodeJS.ProcessEnv = process.env, extraModules: Type<unknown>[] = []): Promise<NestFastifyApplication> {
  const root: DynamicModule = { module: ExampleRootModule, imports: [AppModule, ...extraModules] };
  const app = await NestFactory.create<NestFastifyApplication>(extraModules.length ? root : AppModule, new FastifyAdapter(httpLimitsFromEnv(env)), {
    // Let bootstrap errors reach main.ts, which logs one line and exits 1, instead of aborting.
    abortOnError: false,
    // JSON lines in production, readable ones in development (SKILLNEST_LOG_FORMAT), secrets redacted.
    logger: createSkillnestLogger(env),
  });
  // SIGTERM/SIGINT run the whole drain (readiness off, requests finish, server closes, pools
  // close) and then exit 0; a second signal during the drain is ignored by Nest.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Bootstrap first (gateways mount their routes), then document the REST tools at /docs.
  await app.init();
  setupSkillsOpenApi(app, 'docs', 'Skillnest example: catalog and incidents');
  return app;
}
