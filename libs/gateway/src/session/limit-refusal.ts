/** Which share of a shared resource refused: the caller's own (429) or the whole server's (503). */
export type CapScope = 'principal' | 'global';

/** A refusal beyond a cap, as HTTP: status, headers and a JSON-RPC error body. */
export interface LimitRefusal {
  readonly status: 429 | 503;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** How long a refused stream is told to wait: streams free up when their clients close them, which nothing predicts. */
export const STREAM_RETRY_AFTER_MS = 10_000;
/** A server that is full frees places as other callers leave, sooner than any one session's expiry: retry within this. */
const MAX_GLOBAL_RETRY_AFTER_MS = 60_000;

/**
 * The answer to a request beyond a cap on a shared resource (sessions, GET and listen streams):
 * HTTP 429 when the caller holds its whole fair share (it is the one to slow down or close
 * something), 503 when the server as a whole is full (any caller may retry, here or on another
 * replica), both with `Retry-After`. The JSON-RPC code is -32000, from the server-defined range,
 * like every other "limit reached, try later" answer of the gateway (rate limits, the session
 * store being away): -32603 would claim a server bug. `data` names the setting that refused.
 */
export function limitRefusal(scope: CapScope, message: string, limit: string, max: number, retryAfterMs: number, id: unknown = null): LimitRefusal {
  const wait = scope === 'global' ? Math.min(retryAfterMs, MAX_GLOBAL_RETRY_AFTER_MS) : retryAfterMs;
  const requestId = typeof id === 'string' || Number.isSafeInteger(id) ? id : null;
  return {
    status: scope === 'principal' ? 429 : 503,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
    body: JSON.stringify({ jsonrpc: '2.0', id: requestId, error: { code: -32000, message, data: { limit, max } } }),
  };
}

export const refusalResponse = (refusal: LimitRefusal): Response => new Response(refusal.body, { status: refusal.status, headers: refusal.headers });
