/**
 * The `_meta` keys of W3C trace context, which MCP reserves unprefixed (`traceparent`,
 * `tracestate`, `baggage`). They change no answer (the request's trace span reads them, on either
 * path), so the fast path takes requests that carry them.
 */
export const TRACE_CONTEXT_META_KEYS: readonly string[] = ['traceparent', 'tracestate', 'baggage'];

/** Whether a `_meta` holds trace context and nothing else. */
export function onlyTraceContext(meta: unknown): boolean {
  return typeof meta === 'object' && meta !== null && Object.keys(meta).every((key) => TRACE_CONTEXT_META_KEYS.includes(key));
}
