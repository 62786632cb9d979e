import type { Span } from '@opentelemetry/api';

/** What the skill-call tracer tells a request's span about the call it made. */
export interface RequestCallNote {
  /** The tool or prompt, when the dispatcher knew it: it joins the span's name (`tools/call incident_list`). */
  readonly target?: string;
  /** The call's `error.type`, when it failed: the request failed with it. */
  readonly errorType?: string;
}

interface OpenRequestSpan extends RequestCallNote {
  /** The MCP method (the span's name until the target is known); undefined for REST, whose name is its route. */
  readonly method: string | undefined;
}

// The request spans still open. Weak: a request whose response never closes takes nothing with it.
const OPEN = new WeakMap<Span, OpenRequestSpan>();

/** Records a request span as open, so that the call it makes can report to it. */
export function openRequestSpan(span: Span, method: string | undefined): void {
  OPEN.set(span, { method });
}

/**
 * Reports the first call a request made to the request's span, if `parent` is one (a nested
 * call's parent is its calling skill's span, which is no request span, and a span already ended
 * takes no note).
 */
export function noteRequestCall(parent: Span | undefined, note: RequestCallNote): void {
  const open = parent && OPEN.get(parent);
  if (open && open.target === undefined && open.errorType === undefined) OPEN.set(parent, { ...open, ...note });
}

/** Closes a request span's record, returning what its call reported. */
export function closeRequestSpan(span: Span): OpenRequestSpan | undefined {
  const open = OPEN.get(span);
  OPEN.delete(span);
  return open;
}
