import { Logger } from '@nestjs/common';
import { isInitializeRequest, type McpHandlerRequestOptions, type McpServerFactory } from '@modelcontextprotocol/server';
import { describeCause } from '@skillnest/skills/internal';
import type { SessionLimits } from '../config/session-limits';
import { GatewayMessages } from '../gateway.messages';
import type { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { limitRefusal, refusalResponse, type LimitRefusal } from './limit-refusal';
import { openLiveSession, resumable, type LiveSession } from './live-session';
import { SessionStreams } from './session-streams';
import { declaresServerRequests, SessionStoreUnavailable, type SessionOpening, type SessionRecord, type SessionStore } from './session-store';
import { jsonError, needsLive, principalOf, SESSION_ID, type Body } from './session-request.util';
import { ThrottledWarnings } from './throttled-warnings';

/** The caps and idle expiry of legacy sessions (`GatewayConfig.sessions`). */
export type LegacySessionOptions = SessionLimits;

/**
 * Sessions for 2025-era clients, which need one for server-to-client requests (elicitation,
 * sampling through the SDK's shim), the GET stream, DELETE and resumption with `Last-Event-ID`.
 * Every session is a record in the `SessionStore` (Redis when replicas share one), bound to the
 * principal that opened it, capped (in all and per principal) and expired when idle; most
 * requests are then served statelessly by any replica. What needs the session's own server (the
 * GET stream, subscriptions, log levels, a client that takes server requests) gets a live
 * session on the replica the request reached, rebuilt from the record by replaying its
 * `initialize`; the load balancer keeps a session's requests on one replica (see deploy/nginx.conf).
 */
export class LegacySessionManager {
  private readonly logger = new Logger('McpSessions');
  private readonly warnings = new ThrottledWarnings(this.logger);
  private readonly live = new Map<string, LiveSession>();
  /** Sessions being rebuilt, so that concurrent requests share one live session. */
  private readonly reviving = new Map<string, Promise<LiveSession>>();
  private readonly streams: SessionStreams;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
    /** The SDK's stateless handler, which serves what needs no live session. */
    private readonly stateless: (request: Request, options?: McpHandlerRequestOptions) => Promise<Response>,
    readonly store: SessionStore,
  ) {
    this.streams = new SessionStreams(options, this.warnings);
    // At least three sweeps per idle timeout, so that a session kept alive by its stream is
    // touched well before its record (in Redis, its key) would expire.
    this.sweeper = setInterval(() => this.sweep(), Math.min(Math.max(options.idleTimeoutMs / 3, 50), 30_000));
    this.sweeper.unref();
  }

  /** Whether `id` is a session of `principal` the fast path may serve statelessly (in-process store only). */
  acceptsLight(id: string, principal: string): boolean {
    if (!this.store.synchronous || this.live.has(id)) return false;
    const record = this.store.touch(id, principal) as SessionRecord | undefined;
    return record !== undefined && !record.serverRequests;
  }

  /** Opens a session for an `initialize` the fast path answers; undefined when the SDK path must. */
  createLight(principal: string, init: unknown): SessionOpening | undefined {
    if (!this.store.synchronous || declaresServerRequests(init)) return undefined;
    return this.store.open({ principal, serverRequests: false, init }) as SessionOpening;
  }

  /** The answer to an `initialize` the caps refused: 429 beyond the principal's share, 503 when the server is full. */
  refusal(opening: Exclude<SessionOpening, { id: string }>, principal: string, init: unknown): LimitRefusal {
    const { maxSessions, maxSessionsPerPrincipal } = this.options;
    const own = opening.refused === 'principal';
    const [limit, max] = own ? ['maxSessionsPerPrincipal', maxSessionsPerPrincipal] : ['maxSessions', maxSessions];
    this.warnings.warn(limit, () => (own ? GatewayMessages.sharedCapReached(`Legacy session cap ${limit}`, max, principal) : GatewayMessages.sessionCapReached(max)));
    const message = own ? GatewayMessages.tooManyOwnSessions(max) : GatewayMessages.tooManySessions();
    return limitRefusal(opening.refused, message, limit, max, opening.retryAfterMs, (init as Body)?.id);
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

  /** Open sessions (undefined when a shared store holds them), live ones on this replica, and their open GET streams (metrics). */
  counts(): { sessions: number | undefined; live: number; streams: number } {
    return { sessions: this.store.size, live: this.live.size, streams: this.streams.count };
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

  /**
   * `initialize`: a place is taken under the caps first (a refusal costs no SDK server), then
   * the SDK answers statelessly and the answer carries the new session id.
   */
  private async open(request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    const init = options?.parsedBody;
    const principal = principalOf(options);
    const opening = await this.store.open({ principal, serverRequests: declaresServerRequests(init), init });
    if (!('id' in opening)) return refusalResponse(this.refusal(opening, principal, init));
    let answer: Response | undefined;
    try {
      answer = await this.stateless(request, options);
    } finally {
      if (answer?.status !== 200) await this.store.close(opening.id, principal);
    }
    if (answer.status !== 200) return answer;
    const headers = new Headers(answer.headers);
    headers.set('mcp-session-id', opening.id);
    return new Response(answer.body, { status: answer.status, headers });
  }

  private async serve(id: string, request: Request, options?: McpHandlerRequestOptions): Promise<Response | undefined> {
    const principal = principalOf(options);
    // Another principal's session id is answered exactly like an unknown one: no oracle.
    const record = SESSION_ID.test(id) ? await this.store.touch(id, principal) : undefined;
    const live = this.live.get(id);
    if (!record) {
      if (live) await this.closeLive(id); // closed or expired on another replica
      return jsonError(404, -32001, GatewayMessages.sessionNotFound());
    }
    if (request.method === 'DELETE') {
      await this.store.close(id, principal);
      if (live) await this.closeLive(id);
      return new Response(null, { status: 200 });
    }
    if (live) return this.serveLive(live, request, options);
    const body = options?.parsedBody as Body;
    if (!needsLive(request, body, record)) return undefined; // stateless serving, as for any 2025 request
    return this.serveLive(await this.revive(id, record, request, options), request, options);
  }

  private async serveLive(session: LiveSession, incoming: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    session.lastSeen = Date.now();
    const request = await resumable(session, incoming);
    if (request.method === 'GET') return this.streams.open(session, request, options);
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

  /** Closes what idled out; a session with an open GET stream is in use, and is kept alive instead. */
  private sweep(): void {
    const now = Date.now();
    const cutoff = now - this.options.idleTimeoutMs;
    for (const [id, session] of this.live) {
      if (session.streams > 0) this.keepAlive(id, session, now);
      else if (session.lastSeen < cutoff) void this.closeLive(id);
    }
    this.store.expireBefore(cutoff);
  }

  /**
   * Touches the record of a session whose stream is open, once a sweep: periodic (each touch
   * restarts the idle clock, in Redis its key's expiry, for one idle timeout, so a replica that
   * dies stops keeping anything alive) and bounded (one touch per open stream, and streams are
   * capped). A session closed or expired meanwhile (DELETE on another replica) closes here too.
   */
  private keepAlive(id: string, session: LiveSession, now: number): void {
    session.lastSeen = now;
    void Promise.resolve(this.store.touch(id, session.principal)).then(
      (record) => (record ? undefined : this.closeLive(id)),
      (error: unknown) => this.logger.warn(GatewayMessages.redisError(describeCause(error))), // tried again next sweep
    );
  }

  private async closeLive(id: string): Promise<void> {
    const session = this.live.get(id);
    if (!session) return;
    this.live.delete(id);
    await session.mcp.close().catch(() => undefined);
  }
}
