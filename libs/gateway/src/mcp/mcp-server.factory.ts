import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
  type McpServerFactory,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, type SkillContext, type SkillInvoker, type SkillsRegistry } from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { GatewayMessages } from '../gateway.messages';
import type { McpCatalog } from './mcp-catalog';

export interface McpServerBlueprint {
  serverInfo: { name: string; version: string; title?: string };
  instructions?: string;
  catalog: McpCatalog;
  registry: SkillsRegistry;
  invoker: SkillInvoker;
}

function skillContext(ctx: ServerContext): SkillContext {
  const auth = ctx.http?.authInfo as CallerAuthInfo | undefined;
  return { caller: auth?.extra?.caller ?? ANONYMOUS_CALLER, requestId: ctx.mcpReq.id, signal: ctx.mcpReq.signal };
}

/**
 * The factory `createMcpHandler` calls for every request. The SDK's per-request model owns the
 * protocol (eras, `_meta` envelope, header checks, `initialize`, `server/discover`); all the
 * factory does per request is allocate a low-level `Server` and attach handlers that close over
 * the bootstrap-time catalog, registry and invoker. No schema is converted or compiled here.
 */
export function mcpServerFactory(blueprint: McpServerBlueprint): McpServerFactory {
  const { serverInfo, instructions, catalog, registry, invoker } = blueprint;
  const capabilities = {
    tools: {},
    resources: {},
    prompts: {},
  };
  const toolList = { tools: catalog.tools };
  const resourceList = { resources: catalog.resources };
  const templateList = { resourceTemplates: catalog.resourceTemplates };
  const promptList = { prompts: catalog.prompts };
  const templates = registry.resourceTemplates();

  return () => {
    const server = new Server(serverInfo, { capabilities, ...(instructions ? { instructions } : {}) });
    server.setRequestHandler('tools/list', async () => toolList);
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const tool = registry.tool(request.params.name);
      if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.unknownTool(request.params.name));
      return invoker.callTool(tool, request.params.arguments, skillContext(ctx));
    });
    server.setRequestHandler('resources/list', async () => resourceList);
    server.setRequestHandler('resources/templates/list', async () => templateList);
    server.setRequestHandler('resources/read', async (request, ctx) => {
      const uri = request.params.uri;
      const resource = registry.resource(uri);
      if (resource) return invoker.readResource(resource, uri, skillContext(ctx));
      for (const template of templates) {
        const variables = template.template.match(uri);
        if (variables) return invoker.readTemplate(template, uri, variables, skillContext(ctx));
      }
      throw new ResourceNotFoundError(uri);
    });
    server.setRequestHandler('prompts/list', async () => promptList);
    server.setRequestHandler('prompts/get', async (request, ctx) => {
      const prompt = registry.prompt(request.params.name);
      if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.unknownPrompt(request.params.name));
      return invoker.getPrompt(prompt, request.params.arguments, skillContext(ctx));
    });
    return server;
  };
}
