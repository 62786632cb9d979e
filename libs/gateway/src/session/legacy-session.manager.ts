import { Logger } from '@nestjs/common';
import { isInitializeRequest, type McpHandlerRequestOptions, type McpServerFactory } from '@modelcontextprotocol/server';
import { describeCause } from '@skillnest/skills/internal';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { GatewayMessages } from '../gateway.messages';
import type { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { openLiveSession, type LiveSession } from './live-session';
import { declaresServerRequests, SessionStoreUnavailable, type SessionRecord, type SessionStore } from './session-store';

export interface LegacySessionOptions {
  /** Most sessions open at once; an `initialize` beyond it is refused with 503. */
  maxSessions: number;
  /** A session nobody used for this long is closed, in ms. */
  idleTimeoutMs: number;
}

/** Requests only a live session can serve: they need the session's own server. */
const LIVE_METHODS = new Set(['logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Body = { method?: unknown; id?: unknown; result?: unknown; error?: unknown } | undefined;

const jsonError = (status: number, code: number, message: string) =>
  new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });

const principalOf = (options?: McpHandlerRequestOptions) => (options?.authInfo as CallerAuthInfo | undefined)?.extra?.caller.id ?? 'anonymous';

/**
 * Sessions for 2025-era clients, which need one for server-to-client requests (elicitation,
 * sampling through the SDK's shim), the GET stream, DELETE and resumption with `Last-Event-ID`.
 * Every session is a record in the `SessionStore` (Redis when replicas share one), bound to the
 * principal that opened it, capped and expired when idle; most requests are then served
 * statelessly by any replica. What needs the session's own server (the GET stream,
 * subscriptions, log levels, a client that takes server requests) gets a live session on the
 * replica the request reached, rebuilt from the record by replaying its `initialize`; the load
 * balancer keeps a session's requests on one replica (see deploy/nginx.conf).
 */
export class LegacySessionManager {
  private readonly logger = new Logger('McpSessions');
  private readonly live = new Map<string, LiveSession>();
  /** Sessions being rebuilt, so that concurrent requests share one live session. */
  private readonly reviving = new Map<string, Promise<LiveSession>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
    /** The SDK's stateless handler, which serves what needs no live session. */
    private readonly stateless: (request: Request, options?: McpHandlerRequestOptions) => Promise<Response>,
    readonly store: SessionStore,
  ) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.max(1_000, Math.min(options.idleTimeoutMs / 2, 30_000)));
    this.sweeper.unref();
  }

  /** Whether `id` is a session of `principal` the fast path may serve statelessly (in-process store only). */
  acceptsLight(id: string, principal: string): boolean {
    if (!this.store.synchronous || this.live.has(id)) return false;
    const record = this.store.touch(id, principal) as SessionRecord | undefined;
    return record !== undefined && !record.serverRequests;
  }

  /** Opens a session for an `initialize` the fast path answers; undefined when the SDK path must. */
  createLight(principal: string, init: unknown): string | undefined {
    if (!this.store.synchronous || declaresServerRequests(init)) return undefined;
    return this.store.open({ principal, serverRequests: false, init }) as string | undefined;
  }

  /** The answer for a session request, or undefined when the request is not one (or is served statelessly). */
  async route(request: Request, options?: McpHandlerRequestOptions): Promise<Response | undefined> {
    const id = request.headers.get('mcp-session-id');
    if (id === null && (request.method !== 'POST' || !isInitializeRequest(options?.parsedBody))) return undefined;
    try {
      return id === null ? await this.open(request, options) : await this.serve(id, request, options);
    } catch (error) {
      if (!(error instanceof SessionStoreUnavailable)) throw error;
      // The store failed before anything ran: the client may retry, on any replica.
      this.logger.warn(GatewayMessages.redisError(describeCause(error)));
      return jsonError(503, -32000, GatewayMessages.sessionStoreUnavailable());
    }
  }

  /** Every live session of this replica, to tell them about list and resource changes. */
  forEach(visit: (mcp: SkillnestMcpServer, subscriptions: ReadonlySet<string>) => void): void {
    for (const session of this.live.values()) visit(session.mcp, session.subscriptions);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    this.store.shutdown();
    await Promise.all([...this.live.keys()].map((id) => this.closeLive(id)));
  }

  /** `initialize`: answered statelessly, then recorded under a new session id. */
  private async open(request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    const init = options?.parsedBody;
    const answer = await this.stateless(request, options);
    if (answer.status !== 200) return answer;
    const id = await this.store.open({ principal: principalOf(options), serverRequests: declaresServerRequests(init), init });
    if (id === undefined) {
      this.logger.warn(GatewayMessages.sessionCapReached(this.options.maxSessions));
      return jsonError(503, -32000, GatewayMessages.tooManySessions());
    }
    const headers = new Headers(answer.headers);
    headers.set('mcp-session-id', id);
    return new Response(answer.body, { status: answer.status, headers });
  }

  private async serve(id: string, request: Request, options?: McpHandlerRequestOptions): Promise<Response | undefined> {
    // Another principal's session id is answered exactly like an unknown one: no oracle.
    const record = SESSION_ID.test(id) ? await this.store.touch(id, principalOf(options)) : undefined;
    const live = this.live.get(id);
    if (!record) {
      if (live) await this.closeLive(id); // closed or expired on another replica
      return jsonError(404, -32001, GatewayMessages.sessionNotFound());
    }
    if (request.method === 'DELETE') {
      await this.store.close(id);
      if (live) await this.closeLive(id);
      return new Response(null, { status: 200 });
    }
    if (live) return this.serveLive(live, request, options);
    const body = options?.parsedBody as Body;
    if (!this.needsLive(request, body, record)) return undefined; // stateless serving, as for any 2025 request
    return this.serveLive(await this.revive(id, record, request, options), request, options);
  }

  private needsLive(request: Request, body: Body, record: SessionRecord): boolean {
    if (request.method === 'GET') return true;
    if (!body) return false;
    if (LIVE_METHODS.has(String(body.method)) || 'result' in body || 'error' in body) return true;
    // A client that takes server requests is served live from its first request on.
    return record.serverRequests && body.id !== undefined;
  }

  private async serveLive(session: LiveSession, incoming: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    session.lastSeen = Date.now();
    const request = await this.resumable(session, incoming);
    if (request.method === 'GET') {
      // The SDK keeps a GET stream registered after its client went away, answering every
      // reconnection (Last-Event-ID resumption included) with 409; release it on disconnect.
      request.signal.addEventListener('abort', () => session.transport.closeStandaloneSSEStream(), { once: true });
    }
    return session.transport.handleRequest(request, { parsedBody: options?.parsedBody, authInfo: options?.authInfo });
  }

  /** Builds this replica's live session for a recorded one, under the same id, replaying its `initialize`. */
  private revive(id: string, record: SessionRecord, request: Request, options?: McpHandlerRequestOptions): Promise<LiveSession> {
    let pending = this.reviving.get(id);
    if (!pending) {
      pending = openLiveSession(this.factory, id, record, request, options)
        .then((session) => (this.live.set(id, session), session))
        .finally(() => this.reviving.delete(id));
      this.reviving.set(id, pending);
    }
    return pending;
  }

  /**
   * A `Last-Event-ID` this replica cannot replay (the stream was held by another replica, or its
   * events are gone) opens a fresh stream: replay is a MAY in the 2025 transport, and the SDK
   * would answer 400, which ends the client's listening.
   */
  private async resumable(session: LiveSession, request: Request): Promise<Request> {
    const last = request.method === 'GET' ? request.headers.get('last-event-id') : null;
    if (last === null || (await session.events.getStreamIdForEventId(last)) !== undefined) return request;
    const headers = new Headers(request.headers);
    headers.delete('last-event-id');
    return new Request(request.url, { method: 'GET', headers, signal: request.signal });
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const [id, session] of this.live) if (session.lastSeen < cutoff) void this.closeLive(id);
    this.store.expireBefore(cutoff);
  }

  private async closeLive(id: string): Promise<void> {
    const session = this.live.get(id);
    if (!session) return;
    this.live.delete(id);
    await session.mcp.close().catch(() => undefined);
  }
}
