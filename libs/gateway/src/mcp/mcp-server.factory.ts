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
import { PendingInput, completionKey, type SkillClient, type SkillInvoker, type SkillsRegistry } from '@skillnest/skills';
import { GatewayMessages } from '../gateway.messages';
import type { CatalogHolder } from './mcp-catalog';
import { paginate } from './paginate.util';
import { SkillnestMcpServer } from './skillnest-mcp.server';
import { skillCallEnvironment, type RoundState } from './skill-call.environment.factory';

export interface McpServerBlueprint {
  serverInfo: { name: string; version: string; title?: string };
  instructions?: string;
  catalog: CatalogHolder;
  registry: SkillsRegistry;
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
  const { serverInfo, instructions, catalog, registry, invoker, stateCodec, defaultTimeoutMs, pageSize, agentSkills } = blueprint;
  const capabilities: ServerCapabilities = {
    tools: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    prompts: { listChanged: true },
    logging: {},
    ...(registry.hasCompletions() ? { completions: {} } : {}),
  };
  const options: ServerOptions & { capabilities: ServerCapabilities } = {
    capabilities,
    ...(instructions ? { instructions } : {}),
    requestState: { verify: stateCodec.verify },
    cacheHints: {
      'tools/list': LIST_CACHE,
      'prompts/list': LIST_CACHE,
      'resources/list': LIST_CACHE,
      'resources/templates/list': LIST_CACHE,
      // Resource contents can depend on the caller and change at any time.
      'resources/read': { ttlMs: 0, cacheScope: 'private' },
    },
  };
  const noCompletions = { completion: { values: [], total: 0, hasMore: false } };

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
    const mcp = new SkillnestMcpServer(serverInfo, options, inputSchemas);
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
    server.setRequestHandler('tools/list', async (request) => list('tools', results.tools, request.params?.cursor));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const tool = registry.tool(request.params.name);
      if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.unknownTool(request.params.name));
      return respond(await invoker.callTool(tool, request.params.arguments, env(ctx)));
    });
    server.setRequestHandler('resources/list', async (request, ctx) => {
      if (!skillResources?.list) return list('resources', results.resources, request.params?.cursor);
      const extra = ((await skillResources.list({ method: 'resources/list', params: {} }, ctx)).resources ?? []) as typeof results.resources.resources;
      return list('resources', { resources: [...results.resources.resources, ...extra] }, request.params?.cursor);
    });
    server.setRequestHandler('resources/templates/list', async (request, ctx) => {
      if (!skillResources?.templates) return list('resourceTemplates', results.resourceTemplates, request.params?.cursor);
      const extra = ((await skillResources.templates({ method: 'resources/templates/list', params: {} }, ctx)).resourceTemplates ??
        []) as typeof results.resourceTemplates.resourceTemplates;
      return list('resourceTemplates', { resourceTemplates: [...results.resourceTemplates.resourceTemplates, ...extra] }, request.params?.cursor);
    });
    server.setRequestHandler('resources/read', async (request, ctx) => {
      const uri = request.params.uri;
      const resource = registry.resource(uri);
      if (resource) return respond(await invoker.readResource(resource, uri, env(ctx)));
      for (const template of registry.resourceTemplates()) {
        const variables = template.template.match(uri);
        if (variables) return respond(await invoker.readTemplate(template, uri, variables, env(ctx)));
      }
      if (skillResources?.read && uri.startsWith('skill://')) return skillResources.read(request, ctx) as never;
      throw new ResourceNotFoundError(uri);
    });
    // Subscriptions are per connection; a stateless exchange has nothing to keep, and a legacy
    // session keeps them in its session record (the session layer answers these itself).
    server.setRequestHandler('resources/subscribe', async () => ({}));
    server.setRequestHandler('resources/unsubscribe', async () => ({}));
    server.setRequestHandler('prompts/list', async (request) => list('prompts', results.prompts, request.params?.cursor));
    server.setRequestHandler('prompts/get', async (request, ctx) => {
      const prompt = registry.prompt(request.params.name);
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
