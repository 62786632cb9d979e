import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_MAX_BODY_BYTES } from '@skillnest/gateway';
import { AppModule } from './app.module';

/** Limits of the HTTP server, from the environment, with safe defaults. */
export function httpLimitsFromEnv(env: NodeJS.ProcessEnv) {
  return {
    bodyLimit: Number(env.SKILLNEST_MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES,
    // A slow client cannot hold a connection open forever while sending its request.
    requestTimeout: Number(env.SKILLNEST_REQUEST_TIMEOUT_MS) || 30_000,
  };
}

/** Builds the example app on Fastify; shared by main.ts and the end-to-end tests. */
export async function createApp(env: NodeJS.ProcessEnv = process.env): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(httpLimitsFromEnv(env)), {
    bufferLogs: false,
  });
  app.enableShutdownHooks();
  return app;
}
