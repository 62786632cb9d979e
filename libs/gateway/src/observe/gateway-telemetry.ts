import { Injectable } from '@nestjs/common';
import type { onRequestHookHandler } from 'fastify';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayHttpHooks } from '../http/gateway-http.hooks';
import { McpProtocol } from '../mcp/mcp-protocol';
import { McpGatewayRegistrar } from '../mcp-gateway.registrar';
import type { TaskStatus } from '../tasks/task.constants';
import { TaskStorage } from '../tasks/task-storage';
import { GatewayRefusals } from './gateway-refusals';

/** What is open on one gateway right now. `legacySessions` is undefined when Redis holds the sessions (shared by every replica). */
export interface GatewayOpenCounts {
  readonly inFlight: number;
  readonly legacySessions: number | undefined;
  readonly liveSessions: number;
  readonly sessionStreams: number;
  readonly listenStreams: number;
}

/**
 * What observability reads of one gateway (one per `McpGatewayModule` import, found with
 * `ModuleRef.get(GatewayTelemetry, { each: true })`): its path and auth, its hooks (to serve a
 * route such as `/metrics` behind the same Origin/Host and bearer checks), what is open on it,
 * its refusals, and its tasks. Everything is read when asked (a scrape), never pushed per request.
 */
@Injectable()
export class GatewayTelemetry {
  constructor(
    private readonly config: GatewayConfig,
    private readonly hooks: GatewayHttpHooks,
    private readonly registrar: McpGatewayRegistrar,
    private readonly protocol: McpProtocol,
    private readonly tasks: TaskStorage,
    readonly refusals: GatewayRefusals,
  ) {}

  /** The gateway's path (`/mcp`): the `gateway` label. */
  get path(): string {
    return this.config.path;
  }

  /** True when its requests need a valid bearer token. */
  get authenticated(): boolean {
    return this.hooks.authenticated;
  }

  /** The RFC 9728 metadata URL its challenges name, if it publishes one. */
  get metadataUrl(): string | undefined {
    return this.hooks.metadataUrl;
  }

  /** Origin/Host, then the bearer token: what its MCP route checks before the body is read. */
  get authHooks(): onRequestHookHandler[] {
    return this.hooks.onRequest;
  }

  /** Origin/Host alone. */
  get originHostHook(): onRequestHookHandler {
    return this.hooks.originHost;
  }

  openCounts(): GatewayOpenCounts {
    // `?? 0`: a testing module may replace the registrar with a stub.
    const { sessions, liveSessions, sessionStreams, listenStreams } = this.protocol.openCounts();
    return { inFlight: this.registrar.inFlight ?? 0, legacySessions: sessions, liveSessions, sessionStreams, listenStreams };
  }

  /** Whether the gateway serves tasks (then `taskCounts` may be asked). */
  get servesTasks(): boolean {
    return this.tasks.enabled;
  }

  /** Unexpired tasks by status: one query (the caller throttles it); rejects while the store is unavailable. */
  taskCounts(): Promise<Array<{ status: TaskStatus; count: number }>> {
    return this.tasks.statusCounts();
  }
}
