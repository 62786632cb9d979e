import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { createMcpHandler, type McpHandlerRequestOptions, type McpHttpHandler } from '@modelcontextprotocol/server';
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import { AGENT_SKILLS_CATALOG } from '@skillnest/skills';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import type { CallerWithHeaders } from '../dispatch/skill-access.policy';
import { SkillDispatcher } from '../dispatch/skill-dispatcher';
import { GatewayMessages } from '../gateway.messages';
import { announceChanges } from '../session/change-announcer';
import { GatewayRedis } from '../cluster/gateway-redis';
import { LegacySessionManager } from '../session/legacy-session.manager';
import type { LimitRefusal } from '../session/limit-refusal';
import { MemorySessionStore } from '../session/memory-session.store';
import { RedisSessionStore } from '../session/redis-session.store';
import type { SessionStore } from '../session/session-store';
import { TaskAnswers } from '../tasks/task-answers';
import { TaskListen } from '../tasks/task-listen';
import { GatewaySkills } from './gateway-skills';
import { ListenGate } from './listen-gate';
import { McpServerFactoryProvider } from './mcp-server.factory';

/**
 * The SDK side of one gateway: its per-request handler (`createMcpHandler` over our factory),
 * the legacy sessions in front of it, and the announcements of list and resource changes to
 * both. Built once at bootstrap (`start`); the routes serve through `serve`.
 */
@Injectable()
export class McpProtocol implements OnModuleDestroy {
  private readonly logger = new Logger('McpGateway');
  private handler?: McpHttpHandler;
  private sessions?: LegacySessionManager;
  private listen?: ListenGate;
  private stopAnnouncing?: () => void;
  /** What the SDK answers to a 2025 `initialize`, but `protocolVersion` (for the fast path). */
  initializeResult: Record<string, unknown> = {};
  /** The Node handler of the MCP route: legacy sessions first, then the SDK's per-request handler. */
  serve: (req: IncomingMessage, res: ServerResponse, parsedBody?: unknown) => Promise<void> = async () => undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly skills: GatewaySkills,
    private readonly factories: McpServerFactoryProvider,
    private readonly redis: GatewayRedis,
    private readonly dispatcher: SkillDispatcher,
    private readonly tasks: TaskAnswers,
    private readonly taskListen: TaskListen,
    @Optional() @Inject(AGENT_SKILLS_CATALOG) private readonly agentSkills?: SkillsExtension,
  ) {}

  async start(): Promise<void> {
    const factory = this.factories.create();
    const handler = createMcpHandler(factory, {
      maxRequestBodySize: this.config.maxBodyBytes,
      // The ListenGate counts the same streams and refuses first, per principal too; this is the SDK's own backstop.
      maxSubscriptions: this.config.listen.maxStreams,
      onerror: (error) => this.logger.warn(GatewayMessages.transportError(describeCause(error))),
    });
    const sessions = new LegacySessionManager(factory, this.config.sessions, (request, options) => handler.fetch(request, options), this.sessionStore());
    this.handler = handler;
    this.sessions = sessions;
    this.stopAnnouncing = this.skills.registry.onChange((change) => announceChanges(change, handler, sessions));
    const listen = new ListenGate(this.config.listen, this.config.subscriptions, (uri, who) => this.mayRead(uri, who), this.logger);
    this.listen = listen;
    const sdk = async (request: Request, options?: McpHandlerRequestOptions) => this.tasks.adjust(request, await handler.fetch(request, options));
    const tasksThenSdk = (request: Request, options?: McpHandlerRequestOptions) => this.taskListen.serve(request, options, sdk);
    this.serve = toNodeHandler({ fetch: async (request, options) => (await sessions.route(request, options)) ?? listen.serve(request, options, tasksThenSdk) });
    this.initializeResult = await this.askInitialize(handler);
  }

  /** In Redis when replicas share one (any replica serves any session), else in this process. */
  private sessionStore(): SessionStore {
    return this.redis.client ? new RedisSessionStore(this.redis.client, this.redis.prefix, this.config.sessions) : new MemorySessionStore(this.config.sessions);
  }

  /** Whether a listener may watch `uri`: what it may read, or the agent-skills catalog (everyone's to read). */
  private async mayRead(uri: string, who: CallerWithHeaders): Promise<boolean> {
    return (await this.dispatcher.mayRead(uri, who)) || (this.agentSkills !== undefined && uri.startsWith('skill://'));
  }

  /** Legacy sessions and streams open now (metrics): `sessions` is undefined when Redis holds them (shared by every replica). */
  openCounts(): { sessions: number | undefined; liveSessions: number; sessionStreams: number; listenStreams: number } {
    const legacy = this.sessions?.counts();
    return { sessions: legacy ? legacy.sessions : 0, liveSessions: legacy?.live ?? 0, sessionStreams: legacy?.streams ?? 0, listenStreams: this.listen?.open ?? 0 };
  }

  /** Whether a request carrying this session id may be served statelessly (a light legacy session). */
  acceptsLight(id: string, principal: string): boolean {
    return this.sessions?.acceptsLight(id, principal) ?? false;
  }

  /** Opens a light legacy session for an `initialize` (its id), or refuses it; undefined when the SDK path must decide. */
  createLight(principal: string, init: Record<string, unknown>): { id: string } | LimitRefusal | undefined {
    const opening = this.sessions?.createLight(principal, init);
    return opening === undefined || 'id' in opening ? opening : this.sessions!.refusal(opening, principal, init);
  }

  /** Closes the notification streams and sessions (shutdown, after the drain). */
  async close(): Promise<void> {
    this.taskListen.closeAll();
    await this.sessions?.closeAll();
    await this.handler?.close();
  }

  onModuleDestroy(): void {
    this.stopAnnouncing?.();
  }

  /** Asked once, so the fast path answers the handshake exactly as the SDK would. */
  private async askInitialize(handler: McpHttpHandler): Promise<Record<string, unknown>> {
    const init = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bootstrap', version: '0' } } };
    const response = await handler.fetch(
      new Request('http://localhost/', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(init),
      }),
      { parsedBody: init },
    );
    const text = await response.text();
    const data = text.split('\n').find((line) => line.startsWith('data: {')) ?? text;
    const { protocolVersion: _negotiated, ...rest } = (JSON.parse(data.startsWith('data: ') ? data.slice(6) : data) as { result: Record<string, unknown> }).result;
    return rest;
  }
}
