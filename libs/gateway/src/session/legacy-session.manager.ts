import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { WebStandardStreamableHTTPServerTransport, isInitializeRequest, type McpHandlerRequestOptions, type McpServerFactory } from '@modelcontextprotocol/server';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { GatewayMessages } from '../gateway.messages';
import type { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { BoundedEventStore } from './bounded-event.store';
import { LightSessionStore, type LightSession } from './light-session.store';

export interface LegacySessionOptions {
  /** Most sessions open at once; an `initialize` beyond it is refused with 503. */
  maxSessions: number;
  /** A session nobody used for this long is closed, in ms. */
  idleTimeoutMs: number;
}

/** Requests a light session cannot serve statelessly: they need the session's own server. */
const LIVE_METHODS = new Set(['logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

interface LegacySession {
  transport: WebStandardStreamableHTTPServerTransport;
  mcp: SkillnestMcpServer;
  /** The principal that opened it: nobody else may use it. */
  principal: string;
  lastSeen: number;
  subscriptions: Set<string>;
}

const jsonError = (status: number, code: number, message: string) =>
  new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const principalOf = (options?: McpHandlerRequestOptions) => (options?.authInfo as CallerAuthInfo | undefined)?.extra?.caller.id ?? 'anonymous';

/**
 * Sessions for 2025-era clients, which need one for server-to-client requests (elicitation,
 * sampling through the SDK's shim), the GET stream, DELETE and resumption with `Last-Event-ID`.
 * A session is created by a legacy `initialize`, bound to the principal that sent it, capped in
 * number and closed when idle. Everything else (every 2026-07-28 request, stateless legacy
 * traffic) is left to the SDK's per-request handler.
 */
export class LegacySessionManager {
  private readonly logger = new Logger('McpSessions');
  private readonly sessions = new Map<string, LegacySession>();
  private readonly light = new LightSessionStore();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
    /** The SDK's stateless handler, which serves what light sessions ask. */
    private readonly stateless: (request: Request, options?: McpHandlerRequestOptions) => Promise<Response>,
  ) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.max(1_000, Math.min(options.idleTimeoutMs / 2, 30_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size + this.light.size;
  }

  /** Whether `id` is a light session of `principal` (then stateless serving, fast path included, fits); touches it. */
  acceptsLight(id: string, principal: string): boolean {
    return this.light.touch(id, principal) !== undefined;
  }

  /** The answer for a session request, or undefined when the request is not one. */
  async route(request: Request, options?: McpHandlerRequestOptions): Promise<Response | undefined> {
    const id = request.headers.get('mcp-session-id');
    if (id) return this.light.has(id) ? this.serveLight(id, request, options) : this.serve(id, request, options);
    if (request.method !== 'POST' || !isInitializeRequest(options?.parsedBody)) return undefined;
    if (this.size >= this.options.maxSessions) {
      this.logger.warn(GatewayMessages.sessionCapReached(this.options.maxSessions));
      return jsonError(503, -32000, GatewayMessages.tooManySessions());
    }
    const capabilities = (options?.parsedBody as { params?: { capabilities?: Record<string, unknown> } }).params?.capabilities ?? {};
    // Only a client that can answer server requests needs the session's own server from the start.
    if (capabilities.elicitation || capabilities.sampling || capabilities.roots) return this.open(request, options);
    return this.openLight(request, options);
  }

  /** Every open session, to tell them about list and resource changes. */
  forEach(visit: (mcp: SkillnestMcpServer, subscriptions: ReadonlySet<string>) => void): void {
    for (const session of this.sessions.values()) visit(session.mcp, session.subscriptions);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    this.light.clear();
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private async serve(id: string, request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    const session = this.sessions.get(id);
    // Another principal's session id is answered exactly like an unknown one: no oracle.
    if (!session || session.principal !== principalOf(options)) return jsonError(404, -32001, GatewayMessages.sessionNotFound());
    session.lastSeen = Date.now();
    if (request.method === 'GET') {
      // The SDK keeps a GET stream registered after its client went away, answering every
      // reconnection (Last-Event-ID resumption included) with 409; release it on disconnect.
      request.signal.addEventListener('abort', () => session.transport.closeStandaloneSSEStream(), { once: true });
    }
    const response = await session.transport.handleRequest(request, { parsedBody: options?.parsedBody, authInfo: options?.authInfo });
    if (request.method === 'DELETE') await this.close(id);
    return response;
  }

  /**
   * Registers a light session for an `initialize` already answered (the fast path answers it);
   * undefined when the cap is reached or the client needs a live session.
   */
  createLight(principal: string, init: { params?: { capabilities?: Record<string, unknown> } }): string | undefined {
    const capabilities = init.params?.capabilities ?? {};
    if (this.size >= this.options.maxSessions || capabilities.elicitation || capabilities.sampling || capabilities.roots) return undefined;
    return this.light.register(principal, init);
  }

  private async openLight(request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    const answer = await this.stateless(request, options);
    if (answer.status !== 200) return answer;
    const id = this.light.register(principalOf(options), options?.parsedBody);
    const headers = new Headers(answer.headers);
    headers.set('mcp-session-id', id);
    return new Response(answer.body, { status: answer.status, headers });
  }

  private async serveLight(id: string, request: Request, options?: McpHandlerRequestOptions): Promise<Response | undefined> {
    const session = this.light.touch(id, principalOf(options));
    if (!session) return jsonError(404, -32001, GatewayMessages.sessionNotFound());
    if (request.method === 'DELETE') {
      this.light.delete(id);
      return new Response(null, { status: 200 });
    }
    const body = options?.parsedBody as { method?: unknown; result?: unknown; error?: unknown } | undefined;
    const needsLive = request.method === 'GET' || (body && (LIVE_METHODS.has(String(body.method)) || 'result' in body || 'error' in body));
    if (!needsLive) return undefined; // stateless serving, as for any 2025 request
    await this.upgrade(id, session, request, options);
    return this.serve(id, request, options);
  }

  /** Turns a light session into a live one under the same id, replaying its `initialize`. */
  private async upgrade(id: string, session: LightSession, request: Request, options?: McpHandlerRequestOptions): Promise<void> {
    const transport = await this.open(request, options, id);
    const replay = (body: unknown, extra: Record<string, string>) =>
      new Request(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...extra },
        body: JSON.stringify(body),
      });
    await (await transport.handleRequest(replay(session.init, {}), { parsedBody: session.init, authInfo: options?.authInfo })).text();
    const version = (session.init as { params?: { protocolVersion?: string } }).params?.protocolVersion ?? '2025-03-26';
    const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
    await transport.handleRequest(replay(initialized, { 'mcp-session-id': id, 'mcp-protocol-version': version }), { parsedBody: initialized, authInfo: options?.authInfo });
    this.light.delete(id);
  }

  private async open(request: Request, options?: McpHandlerRequestOptions): Promise<Response>;
  private async open(request: Request, options: McpHandlerRequestOptions | undefined, reuseId: string): Promise<WebStandardStreamableHTTPServerTransport>;
  private async open(request: Request, options?: McpHandlerRequestOptions, reuseId?: string): Promise<Response | WebStandardStreamableHTTPServerTransport> {
    const mcp = (await this.factory({ era: 'legacy', authInfo: options?.authInfo, requestInfo: request })) as SkillnestMcpServer;
    const subscriptions = new Set<string>();
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => reuseId ?? randomUUID(),
      eventStore: new BoundedEventStore(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, mcp, principal: principalOf(options), lastSeen: Date.now(), subscriptions });
      },
    });
    mcp.server.setRequestHandler('resources/subscribe', async (req) => {
      subscriptions.add(req.params.uri);
      return {};
    });
    mcp.server.setRequestHandler('resources/unsubscribe', async (req) => {
      subscriptions.delete(req.params.uri);
      return {};
    });
    await mcp.connect(transport);
    if (reuseId) return transport;
    return transport.handleRequest(request, { parsedBody: options?.parsedBody, authInfo: options?.authInfo });
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const [id, session] of this.sessions) if (session.lastSeen < cutoff) void this.close(id);
    this.light.expireBefore(cutoff);
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await session.mcp.close().catch(() => undefined);
  }
}
