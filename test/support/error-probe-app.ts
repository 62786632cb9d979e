import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { McpGatewayModule } from '@skillnest/gateway';
import { ErrorProbeModule } from '../fixtures/error-probe.module';
import { CaptureLogger } from './capture.logger';

const gateway = (path: string, fastPath: boolean, restPrefix?: string) =>
  McpGatewayModule.forRoot({ path, fastPath, restPrefix, modules: [ErrorProbeModule], serverInfo: { name: 'error-probe', version: '1.0.0' }, requestStateKey: 'e'.repeat(32) });

/** The error probes on two gateways of one app: `/mcp/fast` (fast path on, REST at `/skills`) and `/mcp/sdk` (SDK only). */
@Module({ imports: [ErrorProbeModule, gateway('/mcp/fast', true, '/skills'), gateway('/mcp/sdk', false)] })
class ErrorProbeAppModule {}

export interface ErrorProbeApp {
  app: NestFastifyApplication;
  origin: string;
  /** Every line the app logged, as the app's logger received it (no terminal processing). */
  logs: CaptureLogger;
  close(): Promise<void>;
}

export async function startErrorProbeApp(): Promise<ErrorProbeApp> {
  const logs = new CaptureLogger();
  const moduleRef = await Test.createTestingModule({ imports: [ErrorProbeAppModule] })
    .setLogger(logs)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: logs });
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return { app, origin, logs, close: () => app.close() };
}
