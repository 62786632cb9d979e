import type { ServerResponse } from 'node:http';
import { trailOf, type RequestTrail } from '../request-trail';
import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { ATTR_MCP_SESSION_ID } from './trace-attributes.constants';
import { contextWithRequestSpan, type OpenRequestSpan } from './request-span-context.util';
import { mcpRequestShape, restRequestShape } from './request-span-attributes.util';
import { requestParent, type RequestParent } from './trace-context.util';
import { skillnestTracer } from './tracer-provider.util';
import type { RequestSpanWrapper } from './with-request-span.util';

type Protocol = 'mcp' | 'rest';

/**
 * One SERVER span per MCP request (`POST` of one JSON-RPC message) and per REST request, made
 * current while the request is handled, so the skill call it makes is its child. Its parent is
 * the client's span, from `params._meta` or the `traceparent` header (`requestParent`). It ends
 * when the response is closed (a stream too), with `http.response.status_code` and, when the
 * request failed, `error.type`: the call's (`tool_error`, `invalid_arguments`, a refusal), or
 * else the HTTP status (from 400 on MCP, from 500 on REST, as the HTTP conventions count server
 * errors). A `GET` stream and `DELETE` are not traced: they carry no MCP request.
 *
 * Provided by `ObservabilityModule` only when an SDK is registered; the routes then wrap their
 * handler with `withRequestSpan`.
 */
export class RequestSpans {
  private readonly tracer = skillnestTracer();

  readonly mcp: RequestSpanWrapper = (request, reply, handle) => {
    const shape = request.method === 'POST' ? mcpRequestShape(request) : undefined;
    if (!shape) return handle();
    return this.traced(shape.method, shape.attributes, requestParent(request.headers, shape.meta), reply.raw, 'mcp', handle, trailOf(request));
  };

  readonly rest: RequestSpanWrapper = (request, reply, handle) => {
    const { name, attributes } = restRequestShape(request);
    return this.traced(name, attributes, requestParent(request.headers), reply.raw, 'rest', handle, trailOf(request));
  };

  private traced<T>(
    name: string,
    attributes: Attributes,
    parent: RequestParent,
    response: ServerResponse,
    protocol: Protocol,
    handle: () => Promise<T>,
    trail?: RequestTrail,
  ): Promise<T> {
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, links: parent.links }, parent.context);
    // The request's log line names its trace, so a line found in the logs leads to the trace.
    if (trail) trail.traceId = span.spanContext().traceId;
    // Set after the start, not passed to it: the SDK checks start attributes twice, at five times the cost (a sampler sees the name only).
    span.setAttributes(attributes);
    const open: OpenRequestSpan = { span, method: protocol === 'mcp' ? name : undefined };
    // `close` comes once (`once` would wrap the listener in another).
    response.on('close', () => this.end(open, response, protocol, attributes[ATTR_MCP_SESSION_ID] === undefined));
    return context.with(contextWithRequestSpan(trace.setSpan(parent.context, span), open), handle);
  }

  private end(open: OpenRequestSpan, response: ServerResponse, protocol: Protocol, sessionUnknown: boolean): void {
    const { span, call, method } = open;
    // Ended: a late report (a task's work) changes nothing.
    open.call = {};
    const status = response.statusCode;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (method !== undefined && call?.target !== undefined) span.updateName(`${method} ${call.target}`);
    if (protocol === 'mcp' && sessionUnknown) {
      // A legacy `initialize` learns its session id from the answer.
      const session = response.getHeader('mcp-session-id');
      if (typeof session === 'string') span.setAttribute(ATTR_MCP_SESSION_ID, session);
    }
    const errorType = call?.errorType ?? (status >= (protocol === 'mcp' ? 400 : 500) ? String(status) : undefined);
    if (errorType !== undefined) {
      span.setAttribute(ATTR_ERROR_TYPE, errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}
