import type { AddressInfo } from 'node:net';
import type { DynamicModule } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AuditWriter, McpGatewayModule, ObservabilityModule, type AuditOptions } from '@skillnest/gateway';
import { PgPoolModule, type PgPoolOptions } from '@skillnest/pools';
import { AuditProbeModule } from '../fixtures/audit-probe.module';
import { CaptureLogger } from './capture.logger';

export const AUDIT_OPS_TOKEN = 'ops-audit-token-0123456789';

export interface AuditApp {
  app: NestFastifyApplication;
  origin: string;
  writer: AuditWriter;
  logs: CaptureLogger;
  /** `POST /skills/<tool>/run` as the `static:ops` caller; resolves to the HTTP status. */
  run(tool: string, args: Record<string, unknown>): Promise<number>;
}

/**
 * The audit probe skills on one gateway (MCP at /mcp, REST at /skills) with a PostgreSQL pool and
 * the audit trail set up by `ObservabilityModule.forRoot({ audit })` directly (the example reads its
 * settings from the environment when its module loads). `observabilityFirst` imports
 * `ObservabilityModule` before `PgPoolModule`: the order whose shutdown hooks close the pool first.
 */
export async function startAuditApp(options: { audit: AuditOptions; pg: PgPoolOptions; observabilityFirst?: boolean }): Promise<AuditApp> {
  const observability = ObservabilityModule.forRoot({ metrics: false, tracing: false, audit: options.audit });
  const pool = PgPoolModule.forRoot(options.pg);
  const gateway = McpGatewayModule.forRoot({
    tokens: [{ token: AUDIT_OPS_TOKEN, id: 'ops' }],
    modules: [AuditProbeModule],
    restPrefix: '/skills',
    requestStateKey: 'k'.repeat(32),
  });
  const imports: DynamicModule[] = options.observabilityFirst ? [observability, pool] : [pool, observability];
  const logs = new CaptureLogger();
  const moduleRef = await Test.createTestingModule({ imports: [...imports, AuditProbeModule, gateway] })
    .setLogger(logs)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: logs });
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const run = async (tool: string, args: Record<string, unknown>) => {
    const response = await fetch(`${origin}/skills/${tool}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${AUDIT_OPS_TOKEN}` },
      body: JSON.stringify(args),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return { app, origin, writer: app.get(AuditWriter), logs, run };
}
