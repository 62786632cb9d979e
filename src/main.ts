import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { listenSafely } from '@skillnest/gateway';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const app = await createApp(process.env);
  const port = Number(process.env.PORT ?? 3000);
  const host = await listenSafely(app, port, process.env.HOST ?? '0.0.0.0');
  new Logger('Bootstrap').log(`Skillnest example listening on http://${host}:${port}/mcp`);
}

bootstrap().catch((error: unknown) => {
  // One clear line, no stack: the cause is usually configuration.
  new Logger('Bootstrap').error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
