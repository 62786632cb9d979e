// `npm run serve:conformance`: the conformance fixture alone on PORT (default 3100), 127.0.0.1, path /mcp.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { listenSafely } from '@skillnest/gateway';
import { ConformanceModule } from './conformance.module';

async function serve(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ConformanceModule, new FastifyAdapter(), { abortOnError: false });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const port = Number(process.env.PORT ?? 3100);
  await listenSafely(app, port, '127.0.0.1');
  // The bound port, which PORT=0 (the tests) leaves to the kernel.
  const bound = (app.getHttpServer().address() as AddressInfo).port;
  new Logger('Conformance').log(`Conformance fixture listening on http://127.0.0.1:${bound}/mcp`);
}

serve().catch((error: unknown) => {
  new Logger('Conformance').error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
