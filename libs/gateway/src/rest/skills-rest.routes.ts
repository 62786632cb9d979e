import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { ANONYMOUS_CALLER, CallCancellation, PendingInput, missingScopes, type SkillInvoker, type ToolDefinition } from '@skillnest/skills';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import { GatewayMessages } from '../gateway.messages';
import { clientGone } from '../http/client-gone';
import type { DrainGate } from '../http/drain.gate';
import type { CallerCatalog } from '../mcp/caller-catalog';
import type { GatewaySkills } from '../mcp/gateway-skills';

export interface SkillsRestOptions {
  prefix: string;
  skills: GatewaySkills;
  callerCatalog: CallerCatalog;
  invoker: SkillInvoker;
  defaultTimeoutMs: number;
  drain: DrainGate;
  /** The same hooks as the MCP route: CORS, drain, Origin/Host, bearer auth. */
  onRequest: onRequestHookHandler[];
  preHandler: preHandlerHookHandler[];
  metadataUrlFor: (request: FastifyRequest) => string;
}

/** What a REST caller gets back from a tool: the structured result, or its text. */
function restBody(result: CallToolResult): Record<string, unknown> {
  const text = result.content
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
  return result.structuredContent !== undefined ? { result: result.structuredContent } : { result: text, content: result.content };
}

/**
 * `POST <prefix>/:name/run` and `POST <prefix>/:name/stream`: the gateway's tools for callers
 * that do not speak MCP, JSON in and JSON (or server-sent events) out. Same validation, auth,
 * scopes, guards, rate limits and drain as the MCP endpoint, because they share its hooks, its
 * skills view and its invoker; only the envelope differs.
 */
export function registerSkillsRest(fastify: FastifyInstance, options: SkillsRestOptions): void {
  const { skills, callerCatalog, invoker } = options;

  /** The tool and its validated input, or the HTTP answer that says why the caller cannot use it. */
  const resolve = async (request: FastifyRequest, reply: FastifyReply): Promise<{ tool: ToolDefinition; input: unknown } | undefined> => {
    const name = (request.params as { name: string }).name;
    const tool = skills.tool(name);
    const caller = (request as AuthenticatedRequest).user ?? ANONYMOUS_CALLER;
    if (!tool) {
      void reply.code(404).send({ error: 'unknown_tool', message: GatewayMessages.unknownTool(name) });
      return undefined;
    }
    const missing = missingScopes(tool.handler.access, caller);
    if (missing.length > 0) {
      void reply
        .code(403)
        .header('www-authenticate', `Bearer error="insufficient_scope", scope="${tool.handler.access.scopes.join(' ')}", resource_metadata="${options.metadataUrlFor(request)}"`)
        .send({ error: 'insufficient_scope', scope: tool.handler.access.scopes.join(' ') });
      return undefined;
    }
    if (!(await callerCatalog.mayUse(tool, caller))) {
      void reply.code(403).send({ error: 'forbidden', message: GatewayMessages.forbiddenByGuard(name) });
      return undefined;
    }
    const input = await tool.input.validate(request.body ?? {});
    if (!input.ok) {
      void reply.code(400).send({ error: 'invalid_arguments', message: `Invalid arguments for "${name}"`, problems: input.problems });
      return undefined;
    }
    return { tool, input: input.value };
  };

  const environment = (request: FastifyRequest, response: ServerResponse, progress: (done: number, total?: number, message?: string) => Promise<void>) => ({
    caller: (request as AuthenticatedRequest).user ?? ANONYMOUS_CALLER,
    client: { era: 'legacy' as const, capabilities: {}, info: { name: 'rest', version: '1' } },
    requestId: request.id,
    cancellation: new CallCancellation(clientGone(response)),
    answers: {},
    defaultTimeoutMs: options.defaultTimeoutMs,
    progress,
    log: async () => undefined,
  });

  void fastify.register(async (scope) => {
    // Counted like MCP exchanges, so a drain waits for REST calls in flight too.
    scope.addHook('onRequest', async (_request, reply) => options.drain.track(reply.raw));
    scope.route({
      method: 'POST',
      url: `${options.prefix}/:name/run`,
      onRequest: options.onRequest,
      preHandler: options.preHandler,
      handler: async (request, reply) => {
        const resolved = await resolve(request, reply);
        if (!resolved) return reply;
        const { tool, input } = resolved;
        const outcome = await invoker.runTool(tool, input, environment(request, reply.raw, async () => undefined));
        if (outcome instanceof PendingInput) return reply.code(409).send({ error: 'input_required', message: GatewayMessages.restNeedsInput(tool.name) });
        if (outcome.isError) return reply.code(422).send({ error: 'tool_error', message: restBody(outcome).result });
        return reply.send(restBody(outcome));
      },
    });
    scope.route({
      method: 'POST',
      url: `${options.prefix}/:name/stream`,
      onRequest: options.onRequest,
      preHandler: options.preHandler,
      handler: async (request, reply) => {
        const resolved = await resolve(request, reply);
        if (!resolved) return reply;
        const { tool, input } = resolved;
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
        raw.flushHeaders();
        const event = (data: unknown) => raw.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
        const progress = async (done: number, total?: number, message?: string) => {
          event({ type: 'progress', done, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) });
        };
        const outcome = await invoker.runTool(tool, input, environment(request, raw, progress));
        if (outcome instanceof PendingInput) event({ type: 'error', message: GatewayMessages.restNeedsInput(tool.name) });
        else if (outcome.isError) event({ type: 'error', message: restBody(outcome).result });
        else event({ type: 'result', ...restBody(outcome) });
        event('[DONE]');
        raw.end();
      },
    });
  });
}
