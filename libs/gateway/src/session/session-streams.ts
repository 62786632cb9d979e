import type { McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import type { SessionLimits } from '../config/session-limits';
import { GatewayMessages } from '../gateway.messages';
import { heldWhileOpen } from './held-while-open';
import { limitRefusal, refusalResponse, STREAM_RETRY_AFTER_MS, type CapScope } from './limit-refusal';
import type { LiveSession } from './live-session';
import { StreamQuota } from './stream-quota';
import type { ThrottledWarnings } from './throttled-warnings';

/**
 * The GET streams of this replica's live sessions: each takes a place under the replica's caps
 * (`maxStreams`, and `maxStreamsPerPrincipal` for its principal) for as long as it is open, and
 * keeps its session in use meanwhile (`LiveSession.streams`, which the sweeper keeps alive).
 */
export class SessionStreams {
  private readonly quota: StreamQuota;

  constructor(
    private readonly limits: Pick<SessionLimits, 'maxStreams' | 'maxStreamsPerPrincipal'>,
    private readonly warnings: ThrottledWarnings,
  ) {
    this.quota = new StreamQuota(limits.maxStreams, limits.maxStreamsPerPrincipal);
  }

  /** GET streams open on this replica. */
  get count(): number {
    return this.quota.open;
  }

  async open(session: LiveSession, request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    const place = this.quota.take(session.principal);
    if (typeof place !== 'function') return this.refused(place, session.principal);
    session.streams++;
    let open = true;
    const release = () => {
      if (!open) return;
      open = false;
      session.streams--;
      // The stream was use of the session until its last moment: it idles from now on.
      session.lastSeen = Date.now();
      place();
    };
    // The SDK keeps a GET stream registered after its client went away, answering every
    // reconnection (Last-Event-ID resumption included) with 409; release it on disconnect.
    request.signal.addEventListener('abort', () => session.transport.closeStandaloneSSEStream(), { once: true });
    try {
      const response = await session.transport.handleRequest(request, { parsedBody: options?.parsedBody, authInfo: options?.authInfo });
      // A refusal (409: the session has a stream already) is no stream and holds no place.
      return heldWhileOpen(response, release, request.signal);
    } catch (error) {
      release();
      throw error;
    }
  }

  private refused(scope: CapScope, principal: string): Response {
    const { maxStreams, maxStreamsPerPrincipal } = this.limits;
    const [limit, max] = scope === 'principal' ? ['maxStreamsPerPrincipal', maxStreamsPerPrincipal] : ['maxStreams', maxStreams];
    this.warnings.warn(`session ${limit}`, () => GatewayMessages.sharedCapReached(`GET stream cap ${limit}`, max, scope === 'principal' ? principal : undefined));
    const message = scope === 'principal' ? GatewayMessages.tooManyOwnStreams(max) : GatewayMessages.tooManyStreams();
    return refusalResponse(limitRefusal(scope, message, limit, max, STREAM_RETRY_AFTER_MS));
  }
}
