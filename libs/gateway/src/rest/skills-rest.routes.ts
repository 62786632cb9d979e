import type { ServerResponse } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import { CallCancellation, isServerShutdown, isThenable } from '@skillnest/skills/internal';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import { bearerChallenge } from '../auth/bearer-challenge.util';
import type { DispatchRequest, ToolOutcome } from '../dispatch/dispatch.types';
import type { SkillDispatcher } from '../dispatch/skill-dispatcher';
import type { TaskStorage } from '../tasks/task-storage';
import { restBody, restError } from './rest-body.util';
import { registerSkillsRestTasks, restTask, wantsTask } from './skills-rest-tasks.routes';
import { GatewayMessages } from '../gateway.messages';
import { clientGone } from '../http/client-gone';
import { trailOf } from '../observe/request-trail';
import type { DrainGate } from '../http/drain.gate';
import { withRequestSpan, type RequestSpanWrapper } from '../observe/tracing/with-request-span.util';

export interface SkillsRestOptions {
  prefix: string;
  dispatcher: SkillDispatcher;
  drain: DrainGate;
  /** The same hooks as the MCP route: CORS, drain, Origin/Host, bearer auth. */
  onRequest: onRequestHookHandler[];
  /** The principal's request budget (the tool's own budget is the dispatcher's). */
  preHandler: preHandlerHookHandler[];
  metadataUrlFor: (request: FastifyRequest) => string | undefined;
  /** Where the gateway's tasks are: `<prefix>/tasks/:taskId` answers from there. */
  tasks: TaskStorage;
  /** The body limit, named in a 413 (SKILLNEST_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Runs each request inside its trace span (`RequestSpans.rest`); undefined: not traced. */
  traceRequest?: RequestSpanWrapper;
}

/**
 * `POST <prefix>/:name/run` and `POST <prefix>/:name/stream`: the gateway's tools for callers
 * that do not speak MCP, JSON in and JSON (or server-sent events) out. Same validation, auth,
 * scopes, guards, rate limits and drain as the MCP endpoint, because they share its hooks, its
 * skills view and its invoker; only the envelope differs.
 */
export function registerSkillsRest(fastify: FastifyInstance, options: SkillsRestOptions): void {
  const { dispatcher } = options;

  const dispatchRequest = (request: FastifyRequest, response: ServerResponse, progress?: DispatchRequest['progress'], onRun?: () => void, asTask = false): DispatchRequest => ({
    caller: (request as AuthenticatedRequest).user ?? ANONYMOUS_CALLER,
    // A REST task can ask for input: the caller answers at `<prefix>/tasks/:taskId/input`.
    client: { era: 'legacy', capabilities: asTask ? { elicitation: { form: {} } } : {}, info: { name: 'rest', version: '1' } },
    ...(asTask ? { taskMode: 'accept' as const } : {}),
    requestId: request.id,
    via: 'rest',
    trail: trailOf(request),
    headers: request.headers,
    cancellation: new CallCancellation(clientGone(response)),
    progress,
    onRun,
  });

  /** The HTTP answer of an outcome that is not a result: why the tool did not run. */
  const refuse = (outcome: Exclude<ToolOutcome, { outcome: 'result' }>, name: string, request: FastifyRequest, reply: FastifyReply) => {
    if (outcome.outcome === 'invalid') return reply.code(400).send({ error: 'invalid_arguments', message: `Invalid arguments for "${name}"`, problems: outcome.problems });
    if (outcome.outcome === 'input_required') return reply.code(409).send({ error: 'input_required', message: GatewayMessages.restNeedsInput(name) });
    if (outcome.outcome === 'task') {
      const body = restTask(outcome.task, options.prefix);
      return reply.code(202).header('location', body.links.self).header('preference-applied', 'respond-async').send(body);
    }
    switch (outcome.refused) {
      case 'tasks':
        return reply
          .code(outcome.scope === 'principal' ? 429 : 503)
          .header('retry-after', String(outcome.retryAfterSec))
          .send({ error: 'too_many_tasks', message: outcome.message });
      case 'unavailable':
        return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: outcome.message });
      case 'capability':
        return reply.code(400).send({ error: 'needs_task', message: outcome.message });
      case 'unknown':
        return reply.code(404).send({ error: 'unknown_tool', message: outcome.message });
      case 'guard':
        return reply.code(403).send({ error: 'forbidden', message: outcome.message });
      case 'rate':
        return reply.code(429).header('retry-after', String(outcome.retryAfterSec)).send({ error: 'rate_limited', message: outcome.message });
      case 'scope': {
        const scope = outcome.shortfall.scopes.join(' ');
        return reply
          .code(403)
          .header('www-authenticate', bearerChallenge({ error: 'insufficient_scope', scope, resource_metadata: options.metadataUrlFor(request) }))
          .send({ error: 'insufficient_scope', scope });
      }
    }
  };

  /** The outcome, and whether the call was cancelled at the drain deadline (a 503, as for a request refused during shutdown). */
  const run = async (request: FastifyRequest, reply: FastifyReply, progress?: DispatchRequest['progress'], onRun?: () => void, asTask = false) => {
    const name = (request.params as { name: string }).name;
    const call = dispatchRequest(request, reply.raw, progress, onRun, asTask);
    const pending = dispatcher.callTool(name, request.body ?? {}, call);
    const outcome: ToolOutcome = isThenable(pending) ? await pending : pending;
    return { outcome, shutDown: outcome.outcome === 'result' && outcome.result.isError === true && isServerShutdown(call.cancellation?.reason) };
  };
  const shuttingDown = (reply: FastifyReply, result: CallToolResult) =>
    reply
      .code(503)
      .header('retry-after', '5')
      .header('connection', 'close')
      .send({ error: 'shutting_down', message: restBody(result).result });

  void fastify.register(async (scope) => {
    // Counted like MCP exchanges, so a drain waits for REST calls in flight too.
    scope.addHook('onRequest', async (_request, reply) => options.drain.track(reply.raw));
    // A body over the limit is a REST error like the others (Nest's default named no limit); anything else goes on to the app's handler.
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
      return reply.code(413).send({ error: 'body_too_large', message: GatewayMessages.bodyTooLarge(options.maxBodyBytes) });
    });
    scope.route({
      method: 'POST',
      url: `${options.prefix}/:name/run`,
      onRequest: options.onRequest,
      preHandler: options.preHandler,
      handler: withRequestSpan(options.traceRequest, async (request, reply) => {
        const name = (request.params as { name: string }).name;
        const { outcome, shutDown } = await run(request, reply, undefined, undefined, wantsTask(request, dispatcher.tool(name)));
        if (outcome.outcome !== 'result') return refuse(outcome, name, request, reply);
        if (shutDown) return shuttingDown(reply, outcome.result);
        if (outcome.result.isError) {
          const { status, error, fields } = restError(outcome.result);
          return reply.code(status).send({ error, ...fields });
        }
        return reply.send(restBody(outcome.result));
      }),
    });
    registerSkillsRestTasks(scope, options);
    scope.route({
      method: 'POST',
      url: `${options.prefix}/:name/stream`,
      onRequest: options.onRequest,
      preHandler: options.preHandler,
      handler: withRequestSpan(options.traceRequest, async (request, reply) => {
        const name = (request.params as { name: string }).name;
        const raw = reply.raw;
        let started = false;
        const event = (data: unknown) => raw.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
        const start = () => {
          if (started) return;
          started = true;
          reply.hijack();
          raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
          raw.flushHeaders();
        };
        const progress = async (done: number, total?: number, message?: string) => {
          start();
          event({ type: 'progress', done, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) });
        };
        const { outcome } = await run(request, reply, progress, start);
        // Refused before anything ran: an HTTP error, as on /run. Once the stream is open, errors are events.
        if (!started && outcome.outcome !== 'result') return refuse(outcome, name, request, reply);
        start();
        if (outcome.outcome === 'input_required') event({ type: 'error', message: GatewayMessages.restNeedsInput(name) });
        else if (outcome.outcome === 'refused') event({ type: 'error', message: outcome.message });
        else if (outcome.outcome === 'task') event({ type: 'task', task: outcome.task });
        else if (outcome.outcome === 'invalid' || outcome.result.isError) event({ type: 'error', ...restError(outcome.result).fields });
        else event({ type: 'result', ...restBody(outcome.result) });
        event('[DONE]');
        raw.end();
      }),
    });
  });
}
