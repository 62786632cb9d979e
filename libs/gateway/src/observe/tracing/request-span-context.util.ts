import { createContextKey, type Context, type Span } from '@opentelemetry/api';

/** What the skill-call tracer tells a request's span about the call it made. */
export interface RequestCallNote {
  /** The tool or prompt, when the dispatcher knew it: it joins the span's name (`tools/call incident_list`). */
  readonly target?: string;
  /** The call's `error.type`, when it failed: the request failed with it. */
  readonly errorType?: string;
}

/** A request span while it is open, and what its call reported. */
export interface OpenRequestSpan {
  readonly span: Span;
  /** The MCP method (the span's name until the target is known); undefined for REST, whose name is its route. */
  readonly method: string | undefined;
  call?: RequestCallNote;
}

// In the request's context beside its span (no map to look it up in: a call costs one context read).
const REQUEST_SPAN = createContextKey('skillnest.request-span');

/** The context a request's handler runs in: its span current, and its record for the call to report to. */
export function contextWithRequestSpan(parent: Context, open: OpenRequestSpan): Context {
  return parent.setValue(REQUEST_SPAN, open);
}

/**
 * The open request span whose call this is, if the call runs right under it (a nested call runs
 * under its calling skill's span, and hands the request nothing).
 */
export function requestSpanOf(active: Context, parent: Span | undefined): OpenRequestSpan | undefined {
  const open = active.getValue(REQUEST_SPAN) as OpenRequestSpan | undefined;
  return open !== undefined && open.span === parent ? open : undefined;
}
