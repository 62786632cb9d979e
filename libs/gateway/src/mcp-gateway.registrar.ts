import { randomBytes } from 'node:crypto';
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
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import {
  createMcpHandler,
  createRequestStateCodec,
  getOAuthProtectedResourceMetadataUrl,
  localhostAllowedHostnames,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { AGENT_SKILLS_CATALOG, SkillInvoker, SkillsRegistry, describeCause } from '@skillnest/skills';
import { bearerAuthHook } from './auth/bearer-auth.hook';
import { SkillGuardRunner } from './auth/skill-guard.runner';
import type { TokenVerifier } from './auth/token-verifier.interface';
import { createVerifiers } from './auth/verifiers.factory';
import { GatewayConfigError } from './errors/gateway-config.error';
import { GatewayMessages } from './gateway.messages';
import { corsHook } from './http/cors.hook';
import { DrainGate } from './http/drain.gate';
import { registerMcpRoute } from './http/mcp-route.plugin';
import { originHostHook, originPolicy } from './http/origin-host.hook';
import { RateLimits } from './http/rate-limit.hook';
import { CallerCatalog } from './mcp/caller-catalog';
import { McpFastPath } from './mcp/fast-path';
import { GatewaySkills } from './mcp/gateway-skills';
import { buildMcpCatalog, type CatalogHolder } from './mcp/mcp-catalog';
import { mcpServerFactory } from './mcp/mcp-server.factory';
import type { RoundState } from './mcp/skill-call.environment.factory';
import { MCP_GATEWAY_OPTIONS } from './mcp-gateway.module-definition';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MCP_PATH,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SESSION_IDLE_MS,
  DEFAULT_SKILL_TIMEOUT_MS,
  type McpGatewayOptions,
} from './mcp-gateway.options';
import { registerSkillsRest } from './rest/skills-rest.routes';
import { LegacySessionManager } from './session/legacy-session.manager';
import { announceChanges } from './session/change-announcer';

const PACKAGE_VERSION = '0.1.0';

/**
 * What the SDK answers to a 2025 `initialize` on this gateway, but the negotiated version: asked
 * once, so the fast path answers the handshake exactly as the SDK would.
 */
async function initializeResultOf(handler: McpHttpHandler): Promise<Record<string, unknown>> {
  const init = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bootstrap', version: '0' } } };
  const response = await handler.fetch(
    new Request('http://localhost/', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(init) }),
    { parsedBody: init },
  );
  const text = await response.text();
  const data = text.split('\n').find((line) => line.startsWith('data: {')) ?? text;
  const { protocolVersion: _negotiated, ...rest } = (JSON.parse(data.startsWith('data: ') ? data.slice(6) : data) as { result: Record<string, unknown> }).result;
  return rest;
}

/**
 * Mounts one MCP endpoint on Nest's own Fastify instance at bootstrap: the route, its hooks
 * (drain, Origin/Host, bearer auth before the body is read; rate limits after), its error
 * mapping, CORS, and the RFC 9728 metadata document. Everything the request path needs is
 * resolved here, once. An app may import several gateways, each with its own path and options.
 */
@Injectable()
export class McpGatewayRegistrar implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('McpGateway');
  private readonly drain = new DrainGate();
  private handler?: McpHttpHandler;
  private sessions?: LegacySessionManager;
  private redis?: Redis;
  readonly path: string;
  private readonly verifiers: TokenVerifier[];
  /** The skills this gateway serves over REST, when it does (for the OpenAPI document). */
  restTools?: GatewaySkills;

  get restPrefix(): string | undefined {
    return this.options.restPrefix;
  }

  constructor(
    @Inject(MCP_GATEWAY_OPTIONS) private readonly options: McpGatewayOptions,
    @Optional() @Inject(AGENT_SKILLS_CATALOG) private readonly agentSkills: SkillsExtension | undefined,
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: SkillsRegistry,
    private readonly invoker: SkillInvoker,
    private readonly moduleRef: ModuleRef,
  ) {
    this.path = options.path ?? DEFAULT_MCP_PATH;
    if (!/^\/[^?#]*$/.test(this.path)) throw new GatewayConfigError(GatewayMessages.invalidPath(this.path));
    this.verifiers = createVerifiers(options);
  }

  /** True when requests need a valid bearer token. */
  get authenticated(): boolean {
    return this.verifiers.length > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.route !== 'function' || typeof fastify.addHook !== 'function') {
      throw new GatewayConfigError(GatewayMessages.notFastify());
    }
    const maxBodyBytes = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const skills = new GatewaySkills(this.registry, this.options.modules ? new Set(this.options.modules) : undefined);
    const guards = new SkillGuardRunner(this.moduleRef);
    await guards.prepare([...skills.tools(), ...skills.resources(), ...skills.resourceTemplates(), ...skills.prompts()]);
    const catalog: CatalogHolder = { current: buildMcpCatalog(skills) };
    const callerCatalog = new CallerCatalog(catalog, skills, guards);
    const defaultTimeoutMs = this.options.defaultTimeoutMs ?? DEFAULT_SKILL_TIMEOUT_MS;
    const factory = mcpServerFactory({
      serverInfo: this.options.serverInfo ?? { name: 'skillnest', version: PACKAGE_VERSION },
      instructions: this.options.instructions,
      catalog,
      skills,
      callerCatalog,
      invoker: this.invoker,
      stateCodec: createRequestStateCodec<RoundState>({ key: this.stateKey(), ttlSeconds: 3_600 }),
      defaultTimeoutMs,
      pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
      agentSkills: this.agentSkills ?? undefined,
    });
    const handler = createMcpHandler(factory, {
      maxRequestBodySize: maxBodyBytes,
      onerror: (error) => this.logger.warn(GatewayMessages.transportError(describeCause(error))),
    });
    const sessions = new LegacySessionManager(
      factory,
      {
        maxSessions: this.options.legacySessions?.maxSessions ?? DEFAULT_MAX_SESSIONS,
        idleTimeoutMs: this.options.legacySessions?.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS,
      },
      (request, options) => handler.fetch(request, options),
    );
    this.handler = handler;
    this.sessions = sessions;
    this.registry.onChange((change) => {
      if (change.type === 'list') catalog.current = buildMcpCatalog(skills);
      announceChanges(change, handler, sessions);
    });

    // Legacy sessions first; everything else is the SDK's per-request handler.
    const serve = toNodeHandler({
      fetch: async (request, options) => (await sessions.route(request, options)) ?? handler.fetch(request, options),
    });
    const metadataPath = new URL(getOAuthProtectedResourceMetadataUrl(new URL(this.path, 'http://placeholder'))).pathname;
    const metadataUrlFor = (request: FastifyRequest) => `${this.originOf(request)}${metadataPath}`;
    const isAllowedOrigin = originPolicy(this.options.allowedOrigins ?? []);
    if (this.options.redisUrl) this.redis = new Redis(this.options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis?.on('error', (error) => this.logger.warn(GatewayMessages.redisError(describeCause(error))));
    const limits = new RateLimits(this.path, this.options.rateLimit?.perPrincipal, this.options.rateLimit?.perSkill, skills, this.redis);

    const guardHooks = [
      originHostHook(isAllowedOrigin, this.options.allowedHosts ?? (this.authenticated ? undefined : localhostAllowedHostnames())),
      ...(this.authenticated ? [bearerAuthHook(this.verifiers, metadataUrlFor)] : []),
    ];
    const preHandler = limits.enabled ? [limits.hook] : [];
    const fastPath = new McpFastPath({
      serverInfo: this.options.serverInfo ?? { name: 'skillnest', version: PACKAGE_VERSION },
      catalog,
      skills,
      callerCatalog,
      invoker: this.invoker,
      defaultTimeoutMs,
      pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
      acceptsSession: (id, principal) => sessions.acceptsLight(id, principal),
      createSession: (principal, init) => sessions.createLight(principal, init),
      initializeResult: await initializeResultOf(handler),
    });
    registerMcpRoute(fastify, {
      path: this.path,
      maxBodyBytes,
      drain: this.drain,
      isAllowedOrigin,
      onRequest: guardHooks,
      preHandler,
      fast: this.options.fastPath === false ? undefined : (request, cancellation) => fastPath.tryHandle(request, cancellation),
      serve,
    });
    if (this.options.restPrefix) {
      this.restTools = skills;
      registerSkillsRest(fastify, {
        prefix: this.options.restPrefix,
        skills,
        callerCatalog,
        invoker: this.invoker,
        defaultTimeoutMs,
        drain: this.drain,
        onRequest: [corsHook(isAllowedOrigin), this.drain.hook, ...guardHooks],
        preHandler,
        metadataUrlFor,
      });
    }
    if (this.authenticated) {
      const document = (request: FastifyRequest) => ({
        resource: this.options.resourceUrl ?? `${this.originOf(request)}${this.path}`,
        ...(this.options.authorizationServers?.length ? { authorization_servers: this.options.authorizationServers } : {}),
        scopes_supported: skills.scopesUsed(),
        bearer_methods_supported: ['header'],
        resource_name: this.options.serverInfo?.title ?? this.options.serverInfo?.name ?? 'skillnest',
      });
      fastify.get(metadataPath, async (request, reply) =>
        reply.header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*').send(document(request)),
      );
    } else {
      this.logger.warn(GatewayMessages.unauthenticated(this.path));
    }
    const { tools, resources, resourceTemplates, prompts } = catalog.current;
    this.logger.log(GatewayMessages.mounted(this.path, tools.length, resources.length + resourceTemplates.length, prompts.length));
  }

  /** Shutdown step 1 (before any `beforeApplicationShutdown`): new requests get 503 from now on. */
  onModuleDestroy(): void {
    this.drain.close();
  }

  /**
   * Shutdown step 2: requests in flight finish, up to the drain deadline; then the streams that
   * only carry notifications (legacy sessions' GET streams, `subscriptions/listen`) are closed.
   * Both happen before the HTTP server closes, which waits for every open response: a stream
   * left open there would hold shutdown for as long as its client stays.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const deadline = this.options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    if (this.drain.active > 0) {
      this.logger.log(GatewayMessages.draining(this.path, this.drain.active, deadline));
      const done = await this.drain.drained(deadline);
      if (done) this.logger.log(GatewayMessages.drained(this.path));
      else this.logger.warn(GatewayMessages.drainDeadline(this.path, this.drain.active));
    }
    await this.sessions?.closeAll();
    await this.handler?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
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
