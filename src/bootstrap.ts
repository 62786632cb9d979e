import { Logger, type Type } from '@nestjs/common';
import { listenSafely } from '@skillnest/gateway';

/** Starts the example service on `PORT` (default 3000) and `HOST`; exits 1 with one clear line if it cannot. */
export async function bootstrap(extraModules: Type<unknown>[] = []): Promise<void> {
  const logger = new Logger('Bootstrap');
  try {
    // Loaded here, not imported above: the root module reads settings from the environment as it
    // loads (ObservabilityModule.forRoot), and a bad value must end in the one line below, not a stack trace.
    const { createApp } = await import('./app.factory');
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
