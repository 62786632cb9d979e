import { context, propagation, trace, type Context, type Link, type SpanContext, type TextMapGetter } from '@opentelemetry/api';

type Carrier = Record<string, unknown>;

/** Reads string values only: `_meta` is the client's JSON, and a header may repeat (the first one counts, as the W3C propagator does). */
const STRING_VALUES: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
  },
};

/** Where a request's span hangs in its trace: the remote parent's context, and the other remote span, as a link, when there are two. */
export interface RequestParent {
  readonly context: Context;
  readonly links?: Link[];
}

function remoteSpan(extracted: Context, base: Context): SpanContext | undefined {
  const span = trace.getSpanContext(extracted);
  return span && span !== trace.getSpanContext(base) && trace.isSpanContextValid(span) ? span : undefined;
}

/**
 * The parent of a request's span, from the W3C trace context (`traceparent`, `tracestate`,
 * `baggage`) of its `params._meta` and of its HTTP headers. `_meta` wins: the MCP semantic
 * conventions make the context of the MCP message the parent of the server span, since the HTTP
 * request is only its transport (a retry or a proxy hop can change it, and one HTTP request may
 * carry a message that another component traced). The HTTP headers' span, when it is another
 * one, becomes a link, as the conventions ask. A `_meta` context that is not valid is ignored,
 * and the headers' context is the parent.
 */
export function requestParent(headers: Carrier, meta?: unknown): RequestParent {
  const base = context.active();
  const metaParent = typeof meta === 'object' && meta !== null ? (meta as Carrier).traceparent : undefined;
  if (typeof metaParent !== 'string') return { context: propagation.extract(base, headers, STRING_VALUES) };
  const fromMeta = propagation.extract(base, meta as Carrier, STRING_VALUES);
  const parent = remoteSpan(fromMeta, base);
  if (!parent) return { context: propagation.extract(base, headers, STRING_VALUES) };
  // A client that sends the same context both ways: nothing to link, and no second parse.
  if (STRING_VALUES.get(headers, 'traceparent') === metaParent) return { context: fromMeta };
  const transport = remoteSpan(propagation.extract(base, headers, STRING_VALUES), base);
  return transport && transport.spanId !== parent.spanId ? { context: fromMeta, links: [{ context: transport }] } : { context: fromMeta };
}
