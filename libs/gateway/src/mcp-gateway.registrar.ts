import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import {
  createMcpHandler,
  createRequestStateCodec,
  getOAuthProtectedResourceMetadataUrl,
  localhostAllowedHostnames,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { AGENT_SKILLS_CATALOG, SkillInvoker, SkillsRegistry, describeCause } from '@skillnest/skills';
import { bearerAuthHook } from './auth/bearer-auth.hook';
import { StaticTokenVerifier } from './auth/static-token.verifier';
import { GatewayConfigError } from './errors/gateway-config.error';
import { GatewayMessages } from './gateway.messages';
import { DrainGate } from './http/drain.gate';
import { LegacySessionManager } from './session/legacy-session.manager';
import { registerMcpRoute } from './http/mcp-route.plugin';
import { originHostHook } from './http/origin-host.hook';
import { buildMcpCatalog, type CatalogHolder } from './mcp/mcp-catalog';
import { mcpServerFactory } from './mcp/mcp-server.factory';
import type { RoundState } from './mcp/skill-call.environment.factory';
import { MCP_GATEWAY_OPTIONS } from './mcp-gateway.module-definition';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SESSION_IDLE_MS,
  DEFAULT_MCP_PATH,
  DEFAULT_SKILL_TIMEOUT_MS,
  type McpGatewayOptions,
} from './mcp-gateway.options';

const PACKAGE_VERSION = '0.1.0';

/**
 * Mounts one MCP endpoint on Nest's own Fastify instance at bootstrap: the route, its hooks
 * (Origin/Host, then bearer auth, both before the body is read), its error mapping, and the
 * RFC 9728 metadata document. Everything the request path needs is resolved here, once.
 */
@Injectable()
export class McpGatewayRegistrar implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('McpGateway');
  private handler?: McpHttpHandler;
  private readonly drain = new DrainGate();
  private sessions?: LegacySessionManager;
  readonly path: string;
  readonly verifier: StaticTokenVerifier;

  constructor(
    @Inject(MCP_GATEWAY_OPTIONS) private readonly options: McpGatewayOptions,
    @Optional() @Inject(AGENT_SKILLS_CATALOG) private readonly agentSkills: SkillsExtension | undefined,
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: SkillsRegistry,
    private readonly invoker: SkillInvoker,
  ) {
    this.path = options.path ?? DEFAULT_MCP_PATH;
    if (!/^\/[^?#]*$/.test(this.path)) throw new GatewayConfigError(GatewayMessages.invalidPath(this.path));
    this.verifier = new StaticTokenVerifier(options.tokens ?? []);
  }

  /** True when requests need a valid bearer token. */
  get authenticated(): boolean {
    return this.verifier.enabled;
  }

  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.route !== 'function' || typeof fastify.addHook !== 'function') {
      throw new GatewayConfigError(GatewayMessages.notFastify());
    }
    const maxBodyBytes = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const catalog: CatalogHolder = { current: buildMcpCatalog(this.registry) };
    const factory = mcpServerFactory({
        serverInfo: this.options.serverInfo ?? { name: 'skillnest', version: PACKAGE_VERSION },
        instructions: this.options.instructions,
        catalog,
        registry: this.registry,
        invoker: this.invoker,
        stateCodec: createRequestStateCodec<RoundState>({ key: this.stateKey(), ttlSeconds: 3_600 }),
        defaultTimeoutMs: this.options.defaultTimeoutMs ?? DEFAULT_SKILL_TIMEOUT_MS,
        pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
        agentSkills: this.agentSkills ?? undefined,
    });
    this.handler = createMcpHandler(factory, {
      maxRequestBodySize: maxBodyBytes,
      onerror: (error) => this.logger.warn(GatewayMessages.transportError(describeCause(error))),
    });
    const sessions = new LegacySessionManager(factory, {
      maxSessions: this.options.legacySessions?.maxSessions ?? DEFAULT_MAX_SESSIONS,
      idleTimeoutMs: this.options.legacySessions?.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS,
    });
    this.sessions = sessions;
    const handler = this.handler;
    this.registry.onChange((change) => {
      if (change.type === 'resource') {
        handler.notify.resourceUpdated(change.uri);
        sessions.forEach((mcp, subscribed) => {
          if (subscribed.has(change.uri)) void mcp.server.sendResourceUpdated({ uri: change.uri }).catch(() => undefined);
        });
        return;
      }
      catalog.current = buildMcpCatalog(this.registry);
      if (change.kind === 'tool') handler.notify.toolsChanged();
      else if (change.kind === 'prompt') handler.notify.promptsChanged();
      else handler.notify.resourcesChanged();
      sessions.forEach((mcp) => {
        const send =
          change.kind === 'tool' ? mcp.sendToolListChanged() : change.kind === 'prompt' ? mcp.sendPromptListChanged() : mcp.sendResourceListChanged();
        void Promise.resolve(send).catch(() => undefined);
      });
    });
    // Legacy sessions first; everything else is the SDK's per-request handler.
    const serve = toNodeHandler({
      fetch: async (request, options) => (await sessions.route(request, options)) ?? handler.fetch(request, options),
    });
    const metadataPath = new URL(getOAuthProtectedResourceMetadataUrl(new URL(this.path, 'http://placeholder'))).pathname;
    const metadataUrlFor = (request: FastifyRequest) => `${this.originOf(request)}${metadataPath}`;

    const onRequest = [
      originHostHook(this.options.allowedOrigins ?? [], this.options.allowedHosts ?? (this.authenticated ? undefined : localhostAllowedHostnames())),
      ...(this.authenticated ? [bearerAuthHook(this.verifier, metadataUrlFor)] : []),
    ];
    registerMcpRoute(fastify, { path: this.path, maxBodyBytes, onRequest, serve, drain: this.drain });
    if (this.authenticated) {
      fastify.get(metadataPath, async (request, reply) =>
        reply.header('cache-control', 'public, max-age=3600').send({
          resource: this.options.resourceUrl ?? `${this.originOf(request)}${this.path}`,
          bearer_methods_supported: ['header'],
          resource_name: this.options.serverInfo?.title ?? this.options.serverInfo?.name ?? 'skillnest',
        }),
      );
    } else {
      this.logger.warn(GatewayMessages.unauthenticated(this.path));
    }
    this.logger.log(
      GatewayMessages.mounted(
        this.path,
        catalog.current.tools.length,
        catalog.current.resources.length + catalog.current.resourceTemplates.length,
        catalog.current.prompts.length,
      ),
    );
  }

  /** Shutdown step 1 (before any `beforeApplicationShutdown`): new requests get 503 from now on. */
  onModuleDestroy(): void {
    this.drain.close();
  }

  /** Shutdown step 2: requests in flight finish, up to the drain deadline, before the HTTP server closes. */
  async beforeApplicationShutdown(): Promise<void> {
    const deadline = this.options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    if (this.drain.active === 0) return;
    this.logger.log(GatewayMessages.draining(this.path, this.drain.active, deadline));
    const done = await this.drain.drained(deadline);
    if (done) this.logger.log(GatewayMessages.drained(this.path));
    else this.logger.warn(GatewayMessages.drainDeadline(this.path, this.drain.active));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sessions?.closeAll();
    await this.handler?.close();
  }

  /**
   * The HMAC key of `input_required` state. Replicas must share it (a client may retry on another
   * one); without one configured, each process draws its own and says so.
   */
  private stateKey(): Uint8Array | string {
    if (this.options.requestStateKey) return this.options.requestStateKey;
    this.logger.warn(GatewayMessages.ephemeralStateKey());
    return randomBytes(32);
  }

  private originOf(request: FastifyRequest): string {
    if (this.options.resourceUrl) return new URL(this.options.resourceUrl).origin;
    return `${request.protocol}://${request.host}`;
  }
}
