import { Logger, type Type } from '@nestjs/common';
import { listenSafely } from '@skillnest/gateway';
import { createApp } from './app.factory';

/** Starts the example service on `PORT` (default 3000) and `HOST`; exits 1 with one clear line if it cannot. */
export async function bootstrap(extraModules: Type<unknown>[] = []): Promise<void> {
  const logger = new Logger('Bootstrap');
  try {
    const app = await createApp(process.env, extraModules);
    const port = Number(process.env.PORT ?? 3000);
    const host = await listenSafely(app, port, process.env.HOST ?? '0.0.0.0');
    logger.log(`Skillnest example listening on http://${host}:${port}/mcp`);
  } catch (error) {
    // One line, no stack: the cause is nearly always configuration (database, port, tokens).
    logger.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
