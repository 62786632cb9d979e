import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  inputRequired,
  type InputRequiredResult,
  type McpServer,
  type McpServerFactory,
  type RequestStateCodec,
  type ServerCapabilities,
  type ServerContext,
  type ServerOptions,
} from '@modelcontextprotocol/server';
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import {
  ANONYMOUS_CALLER,
  PendingInput,
  completionKey,
  missingScopes,
  type SkillClient,
  type SkillDefinition,
  type SkillInvoker,
} from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import type { CallerCatalog } from './caller-catalog';
import type { GatewaySkills } from './gateway-skills';
import { GatewayMessages } from '../gateway.messages';
import type { CatalogHolder } from './mcp-catalog';
import { paginate } from './paginate.util';
import { SkillnestMcpServer, type ScopeChallengeResolver } from './skillnest-mcp.server';
import { skillCallEnvironment, type RoundState } from './skill-call.environment.factory';

export interface McpServerBlueprint {
  serverInfo: { name: string; version: string; title?: string };
  instructions?: string;
  catalog: CatalogHolder;
  skills: GatewaySkills;
  callerCatalog: CallerCatalog;
  invoker: SkillInvoker;
  /** Signs and verifies the `requestState` of `input_required` rounds. */
  stateCodec: RequestStateCodec<RoundState>;
  defaultTimeoutMs: number;
  /** Items per page of every list. */
  pageSize: number;
  /** Agent Skills (SEP-2640) to serve beside the skills, if the app declares a folder of them. */
  agentSkills?: SkillsExtension;
}

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

/** Lists are the same for every caller until a skill is switched on or off (which notifies). */
const LIST_CACHE = { ttlMs: 60_000, cacheScope: 'public' } as const;

/**
 * The factory `createMcpHandler` calls for every request. The SDK's per-request model owns the
 * protocol (eras, `_meta` envelope, header checks, `initialize`, `server/discover`, the legacy
 * `input_required` shim, caching hints); all the factory does per request is allocate a server
 * and attach handlers that close over the bootstrap-time catalog, registry and invoker. No
 * schema is converted or compiled here.
 */
export function mcpServerFactory(blueprint: McpServerBlueprint): McpServerFactory {
  const { serverInfo, instructions, catalog, skills: registry, callerCatalog, invoker, stateCodec, defaultTimeoutMs, pageSize, agentSkills } = blueprint;
  const capabilities: ServerCapabilities = {
    tools: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    prompts: { listChanged: true },
    logging: {},
    ...(registry.hasCompletions() ? { completions: {} } : {}),
  };
  // When skills carry scopes or guards, lists depend on the caller: never share them in caches.
  const listCache = catalog.current.restricted ? ({ ttlMs: 60_000, cacheScope: 'private' } as const) : LIST_CACHE;
  const options: ServerOptions & { capabilities: ServerCapabilities } = {
    capabilities,
    ...(instructions ? { instructions } : {}),
    requestState: { verify: stateCodec.verify },
    cacheHints: {
      'tools/list': listCache,
      'prompts/list': listCache,
      'resources/list': listCache,
      'resources/templates/list': listCache,
      // Resource contents can depend on the caller and change at any time.
      'resources/read': { ttlMs: 0, cacheScope: 'private' },
    },
  };
  const noCompletions = { completion: { values: [], total: 0, hasMore: false } };
  const callerOf = (authInfo: unknown) => (authInfo as CallerAuthInfo | undefined)?.extra?.caller ?? ANONYMOUS_CALLER;

  /** `insufficient_scope` (HTTP 403) for a skill the caller lacks scopes for; the SDK answers it. */
  const scopeChallenge: ScopeChallengeResolver = (request, authInfo) => {
    const params = (request.params ?? {}) as { name?: unknown; uri?: unknown };
    const skill =
      request.method === 'tools/call' && typeof params.name === 'string'
        ? registry.tool(params.name)
        : request.method === 'prompts/get' && typeof params.name === 'string'
          ? registry.prompt(params.name)
          : request.method === 'resources/read' && typeof params.uri === 'string'
            ? registry.resource(params.uri)
            : undefined;
    if (!skill || missingScopes(skill.handler.access, callerOf(authInfo)).length === 0) return undefined;
    // The description must fit the RFC 6750 grammar: no double quotes or backslashes.
    return { scopes: skill.handler.access.scopes as [string, ...string[]], errorDescription: `${skill.kind} ${skill.name} needs scope ${skill.handler.access.scopes.join(' ')}` };
  };

  /** Guards can refuse what scopes allow; such a skill answers as if it did not exist for this caller. */
  const usable = async <T extends SkillDefinition>(skill: T | undefined, ctx: ServerContext): Promise<T | undefined> =>
    skill && (await callerCatalog.mayUse(skill, callerOf(ctx.http?.authInfo))) ? skill : undefined;

  /** A skill that asked for client input: the requests, and the answers so far, signed. */
  const respond = async <T>(outcome: T | PendingInput): Promise<T | InputRequiredResult> => {
    if (!(outcome instanceof PendingInput)) return outcome;
    return inputRequired({
      inputRequests: outcome.requests as never,
      requestState: await stateCodec.mint({ a: outcome.answers }),
    });
  };

  return ({ era }) => {
    const { results, inputSchemas } = catalog.current;
    const mcp = new SkillnestMcpServer(serverInfo, options, inputSchemas, scopeChallenge);
    const server = mcp.server;
    // Attached first, so its resource handlers exist to be delegated to from ours below.
    agentSkills?.attach(mcp);
    const skillResources = agentSkills ? skillResourceHandlers(server) : undefined;
    const env = (ctx: ServerContext) => {
      const client: SkillClient =
        era === 'modern'
          ? {
              era,
              capabilities: (envelope(ctx)[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<string, unknown>,
              info: envelope(ctx)[CLIENT_INFO_META_KEY] as SkillClient['info'],
            }
          : { era, capabilities: (server.getClientCapabilities() ?? {}) as Record<string, unknown>, info: server.getClientVersion() };
      return skillCallEnvironment(ctx, client, defaultTimeoutMs);
    };
    // A list that fits one page (the usual case) is answered with the prepared object.
    const list = <K extends string, T>(key: K, whole: Record<K, T[]>, cursor: string | undefined) => {
      if (cursor === undefined && whole[key].length <= pageSize) return whole;
      const { page, nextCursor } = paginate(whole[key], cursor, pageSize);
      return { [key]: page, ...(nextCursor ? { nextCursor } : {}) } as Record<K, T[]> & { nextCursor?: string };
    };
    const visible = async (ctx: ServerContext) => (catalog.current.restricted ? callerCatalog.resultsFor(callerOf(ctx.http?.authInfo)) : results);
    server.setRequestHandler('tools/list', async (request, ctx) => list('tools', (await visible(ctx)).tools, request.params?.cursor));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const tool = await usable(registry.tool(request.params.name), ctx);
      if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.unknownTool(request.params.name));
      return respond(await invoker.callTool(tool, request.params.arguments, env(ctx)));
    });
    server.setRequestHandler('resources/list', async (request, ctx) => {
      const mine = (await visible(ctx)).resources;
      if (!skillResources?.list) return list('resources', mine, request.params?.cursor);
      const extra = ((await skillResources.list({ method: 'resources/list', params: {} }, ctx)).resources ?? []) as typeof mine.resources;
      return list('resources', { resources: [...mine.resources, ...extra] }, request.params?.cursor);
    });
    server.setRequestHandler('resources/templates/list', async (request, ctx) => {
      const mine = (await visible(ctx)).resourceTemplates;
      if (!skillResources?.templates) return list('resourceTemplates', mine, request.params?.cursor);
      const extra = ((await skillResources.templates({ method: 'resources/templates/list', params: {} }, ctx)).resourceTemplates ??
        []) as typeof mine.resourceTemplates;
      return list('resourceTemplates', { resourceTemplates: [...mine.resourceTemplates, ...extra] }, request.params?.cursor);
    });
    server.setRequestHandler('resources/read', async (request, ctx) => {
      const uri = request.params.uri;
      const resource = await usable(registry.resource(uri), ctx);
      if (resource) return respond(await invoker.readResource(resource, uri, env(ctx)));
      for (const template of registry.resourceTemplates()) {
        const variables = template.template.match(uri);
        if (variables && (await usable(template, ctx))) return respond(await invoker.readTemplate(template, uri, variables, env(ctx)));
      }
      if (skillResources?.read && uri.startsWith('skill://')) return skillResources.read(request, ctx) as never;
      throw new ResourceNotFoundError(uri);
    });
    // Subscriptions are per connection; a stateless exchange has nothing to keep, and a legacy
    // session keeps them in its session record (the session layer answers these itself).
    server.setRequestHandler('resources/subscribe', async () => ({}));
    server.setRequestHandler('resources/unsubscribe', async () => ({}));
    server.setRequestHandler('prompts/list', async (request, ctx) => list('prompts', (await visible(ctx)).prompts, request.params?.cursor));
    server.setRequestHandler('prompts/get', async (request, ctx) => {
      const prompt = await usable(registry.prompt(request.params.name), ctx);
      if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.unknownPrompt(request.params.name));
      return respond(await invoker.getPrompt(prompt, request.params.arguments, env(ctx)));
    });
    if (capabilities.completions) {
      server.setRequestHandler('completion/complete', async (request, ctx) => {
        const { ref, argument, context } = request.params;
        const key =
          ref.type === 'ref/prompt' ? completionKey({ type: 'prompt', name: ref.name }, argument.name) : completionKey({ type: 'template', name: ref.uri }, argument.name);
        const completion = registry.completion(key);
        if (!completion) return noCompletions;
        return invoker.complete(completion, argument.value, context?.arguments ?? {}, env(ctx));
      });
    }
    return mcp;
  };
}
