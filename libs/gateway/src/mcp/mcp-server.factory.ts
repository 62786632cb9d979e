import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type McpServer,
  type McpServerFactory,
  type ServerCapabilities,
  type ServerContext,
  type ServerOptions,
} from '@modelcontextprotocol/server';
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import { AGENT_SKILLS_CATALOG, type SkillClient } from '@skillnest/skills';
import { GatewayConfig } from '../config/gateway-config';
import type { ReadOutcome, ToolOutcome } from '../dispatch/dispatch.types';
import type { RoundBinding } from '../dispatch/round-state.binding';
import { RoundStateCodec } from '../dispatch/round-state.codec';
import { SkillCatalog } from '../dispatch/skill-catalog';
import { SkillDispatcher } from '../dispatch/skill-dispatcher';
import { isTaskOutcome, TaskAnswers } from '../tasks/task-answers';
import { GatewaySkills } from './gateway-skills';
import { paginate } from './paginate.util';
import { installSubscriptionHandlers } from './resource-subscriptions';
import { sdkCaller, sdkDispatchRequest, sdkHeaders } from './sdk-dispatch-request';
import { ScopeChallenges } from './scope-challenges';
import { SkillnestMcpServer } from './skillnest-mcp.server';

type StoredHandler = (request: unknown, ctx: ServerContext) => Promise<Record<string, unknown>>;

/**
 * The handlers the SDK's skills extension installed on `server`, so that ours can answer for
 * the app's resources and hand `skill://` traffic to them. `_getRequestHandler` is the SDK's
 * protected accessor for exactly this (role classes dispatching through stored handlers).
 */
function skillResourceHandlers(server: McpServer['server']) {
  const get = (method: string) => (server as unknown as { _getRequestHandler(method: string): StoredHandler | undefined })._getRequestHandler(method);
  return { read: get('resources/read'), list: get('resources/list'), templates: get('resources/templates/list') };
}

/** The per-request `_meta` envelope the SDK lifted off a 2026-07-28 request. */
const envelope = (ctx: ServerContext) => (ctx.mcpReq.envelope ?? {}) as Record<string, unknown>;

/**
 * The factory `createMcpHandler` calls for every request: the SDK front door. The SDK's
 * per-request model owns the protocol (eras, `_meta` envelope, header checks, `initialize`,
 * `server/discover`, the legacy `input_required` shim); each handler only translates the
 * request for the `SkillDispatcher` and its outcome back, and lists come from the `SkillCatalog`
 * with its caching hints. No schema is converted or compiled here.
 */
@Injectable()
export class McpServerFactoryProvider {
  constructor(
    private readonly config: GatewayConfig,
    private readonly skills: GatewaySkills,
    private readonly catalog: SkillCatalog,
    private readonly dispatcher: SkillDispatcher,
    private readonly rounds: RoundStateCodec,
    private readonly challenges: ScopeChallenges,
    private readonly tasks: TaskAnswers,
    @Optional() @Inject(AGENT_SKILLS_CATALOG) private readonly agentSkills?: SkillsExtension,
  ) {}

  create(): McpServerFactory {
    const { serverInfo, pageSize, subscriptions: subscriptionLimits } = this.config;
    const { catalog, dispatcher, agentSkills, challenges, tasks } = this;
    const tasksOn = tasks.enabled;
    const capabilities: ServerCapabilities = {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      ...(this.skills.hasCompletions() ? { completions: {} } : {}),
    };
    const instructions = this.config.options.instructions;
    // Rebuilt only when the catalog's hints change (a skill switched on or off).
    let options: ServerOptions & { capabilities: ServerCapabilities } = this.serverOptions(capabilities, instructions);
    let hint = catalog.listCacheHint();

    /** Outcome to SDK answer: results and `input_required` returned, refusals thrown as JSON-RPC errors. */
    const answer = async <T>(
      pending: ToolOutcome | ReadOutcome<T> | Promise<ToolOutcome | ReadOutcome<T>>,
      notFound: (message: string) => Error,
      binding: RoundBinding,
      ctx?: ServerContext,
    ) => {
      const outcome = await pending;
      if (outcome.outcome === 'result' || outcome.outcome === 'invalid') return outcome.result;
      if (outcome.outcome === 'input_required') return this.rounds.inputRequired(outcome.pending, binding);
      if (isTaskOutcome(outcome)) return tasks.answer(outcome, ctx!);
      if (outcome.refused === 'rate') throw new ProtocolError(-32000 as ProtocolErrorCode, outcome.message);
      throw notFound(outcome.refused === 'guard' ? outcome.unknownMessage : outcome.message);
    };
    const invalidParams = (message: string) => new ProtocolError(ProtocolErrorCode.InvalidParams, message);

    return ({ era }) => {
      if (catalog.listCacheHint() !== hint) {
        hint = catalog.listCacheHint();
        options = this.serverOptions(capabilities, instructions);
      }
      const mcp = new SkillnestMcpServer(serverInfo, options, catalog.current.inputSchemas, challenges.resolver);
      const server = mcp.server;
      // Attached first, so its resource handlers exist to be delegated to from ours below.
      agentSkills?.attach(mcp);
      const skillResources = agentSkills ? skillResourceHandlers(server) : undefined;
      // The Tasks extension is per request, a 2026-07-28 notion: legacy clients keep plain results.
      if (tasksOn && era === 'modern') tasks.install(server);
      // The call a requestState belongs to; the fast path binds its own the same way.
      const bound = (ctx: ServerContext, method: string, target: string, args?: unknown): RoundBinding => ({ callerId: sdkCaller(ctx).id, method, target, args });
      /** The dispatcher's request; a retry's state is opened for `binding` first (-32602 if it does not open). */
      const request = (ctx: ServerContext, binding: RoundBinding) => {
        const client: SkillClient =
          era === 'modern'
            ? {
                era,
                capabilities: (envelope(ctx)[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<string, unknown>,
                info: envelope(ctx)[CLIENT_INFO_META_KEY] as SkillClient['info'],
              }
            : { era, capabilities: (server.getClientCapabilities() ?? {}) as Record<string, unknown>, info: server.getClientVersion() };
        return sdkDispatchRequest(ctx, client, this.rounds.earlierAnswers(ctx.mcpReq.requestState(), binding));
      };
      // A list that fits one page (the usual case) is answered with the prepared object.
      const list = <K extends string, T>(key: K, whole: Record<K, T[]>, cursor: string | undefined) => {
        if (cursor === undefined && whole[key].length <= pageSize) return whole;
        const { page, nextCursor } = paginate(whole[key], cursor, pageSize);
        return { [key]: page, ...(nextCursor ? { nextCursor } : {}) } as Record<K, T[]> & { nextCursor?: string };
      };
      const visible = async (ctx: ServerContext) => catalog.resultsFor(sdkCaller(ctx), sdkHeaders(ctx));
      server.setRequestHandler('tools/list', async (req, ctx) => list('tools', (await visible(ctx)).tools, req.params?.cursor));
      server.setRequestHandler('tools/call', async (req, ctx) => {
        const binding = bound(ctx, 'tools/call', req.params.name, req.params.arguments);
        return answer(dispatcher.callTool(req.params.name, req.params.arguments, request(ctx, binding)), invalidParams, binding, ctx) as never;
      });
      server.setRequestHandler('resources/list', async (req, ctx) => {
        const mine = (await visible(ctx)).resources;
        if (!skillResources?.list) return list('resources', mine, req.params?.cursor);
        const extra = ((await skillResources.list({ method: 'resources/list', params: {} }, ctx)).resources ?? []) as typeof mine.resources;
        return list('resources', { resources: [...mine.resources, ...extra] }, req.params?.cursor);
      });
      server.setRequestHandler('resources/templates/list', async (req, ctx) => {
        const mine = (await visible(ctx)).resourceTemplates;
        if (!skillResources?.templates) return list('resourceTemplates', mine, req.params?.cursor);
        const extra = ((await skillResources.templates({ method: 'resources/templates/list', params: {} }, ctx)).resourceTemplates ?? []) as typeof mine.resourceTemplates;
        return list('resourceTemplates', { resourceTemplates: [...mine.resourceTemplates, ...extra] }, req.params?.cursor);
      });
      server.setRequestHandler('resources/read', async (req, ctx) => {
        const uri = req.params.uri;
        const binding = bound(ctx, 'resources/read', uri);
        const outcome = await dispatcher.readResource(uri, request(ctx, binding));
        if (outcome.outcome === 'refused' && outcome.refused !== 'scope' && skillResources?.read && uri.startsWith('skill://')) return skillResources.read(req, ctx) as never;
        return answer(outcome, () => new ResourceNotFoundError(uri), binding) as never;
      });
      installSubscriptionHandlers(mcp, subscriptionLimits, async (uri, ctx) => {
        const who = { caller: sdkCaller(ctx), headers: sdkHeaders(ctx)() };
        if (await dispatcher.mayRead(uri, who)) return true;
        // The agent-skills catalog is everyone's to read: what it lists may be watched.
        if (!skillResources?.list || !uri.startsWith('skill://')) return false;
        return ((await skillResources.list({ method: 'resources/list', params: {} }, ctx)).resources as Array<{ uri?: unknown }> | undefined)?.some((r) => r.uri === uri) ?? false;
      });
      server.setRequestHandler('prompts/list', async (req, ctx) => list('prompts', (await visible(ctx)).prompts, req.params?.cursor));
      server.setRequestHandler('prompts/get', async (req, ctx) => {
        const binding = bound(ctx, 'prompts/get', req.params.name, req.params.arguments);
        return answer(dispatcher.getPrompt(req.params.name, req.params.arguments, request(ctx, binding)), invalidParams, binding) as never;
      });
      if (capabilities.completions) {
        server.setRequestHandler('completion/complete', async (req, ctx) => {
          const { ref, argument, context } = req.params;
          const target = ref.type === 'ref/prompt' ? { type: 'prompt' as const, name: ref.name } : { type: 'template' as const, name: ref.uri };
          const binding = bound(ctx, 'completion/complete', `${target.type}:${target.name}`, { argument, context });
          return answer(dispatcher.complete(target, argument.name, argument.value, context?.arguments ?? {}, request(ctx, binding)), invalidParams, binding) as never;
        });
      }
      return mcp;
    };
  }

  private serverOptions(capabilities: ServerCapabilities, instructions: string | undefined): ServerOptions & { capabilities: ServerCapabilities } {
    const listCache = this.catalog.listCacheHint();
    return {
      capabilities,
      ...(instructions ? { instructions } : {}),
      // No `requestState.verify` hook: it sees no request parameters, so the state cannot be bound to
      // the tool and arguments there. The handlers open it (`RoundStateCodec.earlierAnswers`).
      cacheHints: {
        'tools/list': listCache,
        'prompts/list': listCache,
        'resources/list': listCache,
        'resources/templates/list': listCache,
        // Resource contents can depend on the caller and change at any time.
        'resources/read': { ttlMs: 0, cacheScope: 'private' },
      },
    };
  }
}
