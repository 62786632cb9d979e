import type { McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import type { SessionRecord } from './session-store';

/** Requests only a live session can serve: they need the session's own server. */
const LIVE_METHODS = new Set(['logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);
/** The form of the ids the stores issue; anything else is not looked up. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the session layer reads of a request's JSON-RPC message. */
export type Body = { method?: unknown; id?: unknown; result?: unknown; error?: unknown } | undefined;

export const jsonError = (status: number, code: number, message: string) =>
  new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });

/**
 * Who calls. Callers without a token (an unauthenticated gateway, bound to the loopback
 * interface) are one principal, `anonymous`, and share one fair share of every cap.
 */
export const principalOf = (options?: McpHandlerRequestOptions) => (options?.authInfo as CallerAuthInfo | undefined)?.extra?.caller.id ?? 'anonymous';

/** Whether a request of a recorded session needs the session's own (live) server. */
export function needsLive(request: Request, body: Body, record: SessionRecord): boolean {
  if (request.method === 'GET') return true;
  if (!body) return false;
  if (LIVE_METHODS.has(String(body.method)) || 'result' in body || 'error' in body) return true;
  // A client that takes server requests is served live from its first request on.
  return record.serverRequests && body.id !== undefined;
}
