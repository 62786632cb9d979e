import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  WebStandardStreamableHTTPServerTransport,
  isInitializeRequest,
  type McpHandlerRequestOptions,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { GatewayMessages } from '../gateway.messages';
import type { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { BoundedEventStore } from './bounded-event.store';

export interface LegacySessionOptions {
  /** Most sessions open at once; an `initialize` beyond it is refused with 503. */
  maxSessions: number;
  /** A session nobody used for this long is closed, in ms. */
  idleTimeoutMs: number;
}

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
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
  ) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.max(1_000, Math.min(options.idleTimeoutMs / 2, 30_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The answer for a session request, or undefined when the request is not one. */
  async route(request: Request, options?: McpHandlerRequestOptions): Promise<Response | undefined> {
    const id = request.headers.get('mcp-session-id');
    if (id) return this.serve(id, request, options);
    if (request.method === 'POST' && isInitializeRequest(options?.parsedBody)) return this.open(request, options);
    return undefined;
  }

  /** Every open session, to tell them about list and resource changes. */
  forEach(visit: (mcp: SkillnestMcpServer, subscriptions: ReadonlySet<string>) => void): void {
    for (const session of this.sessions.values()) visit(session.mcp, session.subscriptions);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
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

  private async open(request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    if (this.sessions.size >= this.options.maxSessions) {
      this.logger.warn(GatewayMessages.sessionCapReached(this.options.maxSessions));
      return jsonError(503, -32000, GatewayMessages.tooManySessions());
    }
    const mcp = (await this.factory({ era: 'legacy', authInfo: options?.authInfo, requestInfo: request })) as SkillnestMcpServer;
    const subscriptions = new Set<string>();
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
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
    return transport.handleRequest(request, { parsedBody: options?.parsedBody, authInfo: options?.authInfo });
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const [id, session] of this.sessions) if (session.lastSeen < cutoff) void this.close(id);
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await session.mcp.close().catch(() => undefined);
  }
}
