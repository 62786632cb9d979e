import { Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { GatewayConfig } from './config/gateway-config';
import { SkillCatalog } from './dispatch/skill-catalog';
import { SkillDispatcher } from './dispatch/skill-dispatcher';
import { SkillEnhancers } from './dispatch/skill-enhancers';
import { AuthMessages } from './auth/auth.messages';
import { GatewayConfigError } from './errors/gateway-config.error';
import { GatewayMessages } from './gateway.messages';
import { corsHook } from './http/cors.hook';
import { DrainGate } from './http/drain.gate';
import { GatewayHttpHooks } from './http/gateway-http.hooks';
import { registerMcpRoute } from './http/mcp-route.plugin';
import { stopAccepting } from './http/stop-accepting';
import { McpFastPath } from './mcp/fast-path';
import { GatewaySkills } from './mcp/gateway-skills';
import { McpProtocol } from './mcp/mcp-protocol';
import { RequestSpans } from './observe/tracing/request-spans';
import { registerSkillsRest } from './rest/skills-rest.routes';
import { requestLogHook } from './observe/logs/request-log.hook';
import { TaskStorage } from './tasks/task-storage';

/**
 * Mounts one gateway on Nest's own Fastify instance at bootstrap: the MCP route with its hooks
 * and error mapping, REST when asked for, and the RFC 9728 metadata document; and runs its
 * shutdown (drain, then the notification streams). Everything else is a provider of its own
 * (`GatewayConfig`, `SkillCatalog`, `SkillDispatcher`, `McpProtocol`, ...), so a test can replace
 * any of them with `overrideProvider`. An app may import several gateways.
 */
/** After the listener closes, how long requests on connections accepted just before get to be answered. */
const LAST_ANSWERS_MS = 250;
/** After the drain deadline cancelled the calls still running, how long their answers get to be written. */
const CANCELLED_ANSWERS_MS = 500;

@Injectable()
export class McpGatewayRegistrar implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpGateway');
  private readonly drain = new DrainGate();

  constructor(
    private readonly config: GatewayConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly skills: GatewaySkills,
    private readonly enhancers: SkillEnhancers,
    private readonly catalog: SkillCatalog,
    private readonly dispatcher: SkillDispatcher,
    private readonly protocol: McpProtocol,
    private readonly fastPath: McpFastPath,
    private readonly hooks: GatewayHttpHooks,
    private readonly tasks: TaskStorage,
    @Optional() private readonly requestSpans?: RequestSpans,
  ) {}

  get path(): string {
    return this.config.path;
  }

  get restPrefix(): string | undefined {
    return this.config.options.restPrefix;
  }

  /** The skills this gateway serves (for the OpenAPI document). */
  get restTools(): GatewaySkills | undefined {
    return this.config.options.restPrefix ? this.skills : undefined;
  }

  /** MCP and REST exchanges in flight (what the drain waits for; notification streams are not counted). */
  get inFlight(): number {
    return this.drain.active;
  }

  /** True when requests need a valid bearer token. */
  get authenticated(): boolean {
    return this.hooks.authenticated;
  }

  /** Whether the OpenAPI document lists this gateway's REST tools (`docs`, default: only when unauthenticated). */
  get docs(): boolean {
    return this.config.options.docs ?? !this.hooks.authenticated;
  }

  async onApplicationBootstrap(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.route !== 'function' || typeof fastify.addHook !== 'function') {
      throw new GatewayConfigError(GatewayMessages.notFastify());
    }
    await this.enhancers.prepare(this.skills.all());
    await this.protocol.start();
    const { hooks, fastPath } = this;
    registerMcpRoute(fastify, {
      path: this.config.path,
      maxBodyBytes: this.config.maxBodyBytes,
      drain: this.drain,
      isAllowedOrigin: hooks.isAllowedOrigin,
      first: this.requestLog('mcp'),
      onRequest: hooks.onRequest,
      preHandler: hooks.mcpPreHandler(),
      fast: this.config.fastPath ? (request, cancellation) => fastPath.tryHandle(request, cancellation) : undefined,
      serve: (req, res, body) => this.protocol.serve(req, res, body),
      traceRequest: this.requestSpans?.mcp,
    });
    if (this.config.options.restPrefix) {
      registerSkillsRest(fastify, {
        prefix: this.config.options.restPrefix,
        dispatcher: this.dispatcher,
        drain: this.drain,
        onRequest: [...this.requestLog('rest'), corsHook(hooks.isAllowedOrigin), this.drain.hook, ...hooks.onRequest],
        preHandler: hooks.restPreHandler(),
        metadataUrlFor: () => hooks.metadataUrl,
        tasks: this.tasks,
        maxBodyBytes: this.config.maxBodyBytes,
        traceRequest: this.requestSpans?.rest,
      });
    }
    // Said when the app listens, not before: an app served over stdio alone never does, and is not open to anyone.
    if (!hooks.authenticated)
      fastify.addHook('onListen', (done) => {
        this.logger.warn(GatewayMessages.unauthenticated(this.config.path));
        done();
      });
    else if (hooks.metadataUrl) this.serveResourceMetadata(fastify);
    else this.logger.log(AuthMessages.noResourceMetadata(this.config.path));
    const { tools, resources, resourceTemplates, prompts } = this.catalog.current;
    this.logger.log(GatewayMessages.mounted(this.config.path, tools.length, resources.length + resourceTemplates.length, prompts.length));
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
    const deadline = this.config.drainTimeoutMs;
    const startedAt = performance.now();
    // Drain start and end are logged even when nothing is in flight: an operator reading the log learns the replica left cleanly.
    this.logger.log(GatewayMessages.draining(this.config.path, this.drain.active, deadline));
    if (this.drain.active > 0 && !(await this.drain.drained(deadline))) await this.cancelAtDeadline();
    else this.logger.log(GatewayMessages.drained(this.config.path, Math.round(performance.now() - startedAt)));
    if (this.config.drainLingerMs > 0) {
      // Refusing on, until the balancer has dropped the idle connections it pools; then no new
      // connections, and a moment for requests on those just accepted to be answered.
      this.logger.log(GatewayMessages.lingering(this.config.path, this.config.drainLingerMs));
      await new Promise((resolve) => setTimeout(resolve, this.config.drainLingerMs));
      stopAccepting(this.adapterHost.httpAdapter?.getHttpServer?.());
      await new Promise((resolve) => setTimeout(resolve, LAST_ANSWERS_MS));
    }
    await this.protocol.close();
  }

  /**
   * The deadline is enforced, not only logged: an orchestrator kills the process at the end of its
   * grace period, mid-call. Every call still running is aborted through its signal (the skill's
   * `ctx.signal`, and with it the upstream requests it passed it to) and answered at once that
   * the server is shutting down; what is still open a moment later is cut.
   */
  private async cancelAtDeadline(): Promise<void> {
    const active = this.drain.active;
    this.logger.warn(GatewayMessages.drainDeadline(this.config.path, active, this.dispatcher.cancelRunning()));
    if (await this.drain.drained(CANCELLED_ANSWERS_MS)) return;
    this.logger.warn(GatewayMessages.drainCut(this.config.path, this.drain.cut()));
  }

  /** The request-log hook of a route, unless request lines are switched off. */
  private requestLog(transport: 'mcp' | 'rest'): onRequestHookHandler[] {
    return this.config.requestLog ? [requestLogHook(this.config.path, transport, this.hooks.authenticated)] : [];
  }

  /** RFC 9728: where clients learn which authorization servers and scopes this endpoint takes. */
  private serveResourceMetadata(fastify: FastifyInstance): void {
    const { options } = this.config;
    // From the configured resource URL: a request's Host never shapes it (scopes follow the skills in use).
    const document = () => ({
      resource: options.resourceUrl,
      ...(options.authorizationServers?.length ? { authorization_servers: options.authorizationServers } : {}),
      scopes_supported: this.skills.scopesUsed(),
      bearer_methods_supported: ['header'],
      resource_name: this.config.serverInfo.title ?? this.config.serverInfo.name,
    });
    fastify.get(this.hooks.metadataPath, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*').send(document()),
    );
  }
}
