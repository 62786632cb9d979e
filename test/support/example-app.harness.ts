import 'reflect-metadata';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { listenSafely, setupSkillsOpenApi } from '@skillnest/gateway';
import { AppModule } from '../../src/app.module';
import { httpLimitsFromEnv } from '../../src/app.factory';
import { CaptureLogger } from './capture.logger';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface RunningApp {
  app: NestFastifyApplication;
  moduleRef: TestingModule;
  /** The MCP endpoint, e.g. http://127.0.0.1:41234/mcp */
  mcpUrl: URL;
  origin: string;
  boundHost: string;
  logs: CaptureLogger;
  /** The suite's own database, when the harness created one. */
  database?: TestDatabase;
  close(): Promise<void>;
}

/**
 * Starts the real example app (plus optional fixture modules) on a free port of 127.0.0.1,
 * configured through the same environment variables as `npm start`. Unless the env says
 * otherwise, it gets a fresh database of its own on the machine's PostgreSQL.
 */
export async function startExampleApp(
  options: { env?: Record<string, string>; imports?: Array<new () => unknown>; host?: string; port?: number; listener?: Server } = {},
): Promise<RunningApp> {
  const saved = { ...process.env };
  const wantsOwnDatabase = !options.env || !('DATABASE_URL' in options.env);
  const database = wantsOwnDatabase ? await createTestDatabase() : undefined;
  Object.assign(process.env, database ? { DATABASE_URL: database.url } : {}, options.env ?? {});
  if (options.env?.DATABASE_URL === '') delete process.env.DATABASE_URL;
  const logs = new CaptureLogger();
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] })
      .setLogger(logs)
      .compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(httpLimitsFromEnv(process.env)), {
      logger: logs,
    });
    await app.init();
    setupSkillsOpenApi(app);
    const boundHost = options.listener ? await listenOn(app, options.listener) : await listenSafely(app, options.port ?? 0, options.host ?? '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const close = async () => {
      await app.close();
      await database?.drop();
    };
    return { app, moduleRef, mcpUrl: new URL('/mcp', origin), origin, boundHost, logs, database, close };
  } catch (error) {
    options.listener?.close(); // the reservation is the caller's, but nothing else would free it now
    await database?.drop();
    throw error;
  } finally {
    process.env = saved;
  }
}

/**
 * A port of 127.0.0.1 held from now on, for a spec that must name its URL before the app starts
 * (SKILLNEST_RESOURCE_URL, token audiences): pass `listener` to startExampleApp, which serves on
 * that very socket. Finding a free port and binding it later would leave a gap for another process.
 */
export async function reservePort(): Promise<{ port: number; listener: Server }> {
  const listener = createServer();
  await new Promise<void>((resolve, reject) => listener.once('error', reject).listen(0, '127.0.0.1', resolve));
  return { port: (listener.address() as AddressInfo).port, listener };
}

/** Serves the app on a reserved listening socket (Node's `listen(handle)`): Fastify made ready first, as its own listen would. */
async function listenOn(app: NestFastifyApplication, listener: Server): Promise<string> {
  await app.getHttpAdapter().getInstance().ready();
  await new Promise<void>((resolve, reject) => app.getHttpServer().once('error', reject).listen(listener, resolve));
  return '127.0.0.1';
}
