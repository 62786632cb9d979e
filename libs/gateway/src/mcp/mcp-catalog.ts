import type { Prompt, Resource, ResourceTemplateType as ResourceTemplate, Tool } from '@modelcontextprotocol/server';
import type { PromptDefinition, ResourceTemplateDefinition, ToolDefinition } from '@skillnest/skills';
import type { GatewaySkills } from './gateway-skills';

/**
 * The wire form of every list a client can ask for, built once at bootstrap from the registry.
 * Per-request servers close over these arrays, so `tools/list` never converts a schema again.
 */
export interface McpCatalog {
  readonly tools: Tool[];
  readonly resources: Resource[];
  readonly resourceTemplates: ResourceTemplate[];
  readonly prompts: Prompt[];
  /** The ready-made results of the four list requests. */
  readonly results: {
    tools: { tools: Tool[] };
    resources: { resources: Resource[] };
    resourceTemplates: { resourceTemplates: ResourceTemplate[] };
    prompts: { prompts: Prompt[] };
  };
  /** Input schemas by tool name, for the SDK's `Mcp-Param-*` header checks. */
  readonly inputSchemas: ReadonlyMap<string, Record<string, unknown>>;
  /** Whether what a caller sees depends on its scopes or on guards. */
  readonly restricted: boolean;
  /** Whether some skill has guards (which may read the request, so verdicts are not cached). */
  readonly guarded: boolean;
}

function toolEntry(tool: ToolDefinition): Tool {
  const { title, description, annotations } = tool.options;
  return {
    name: tool.name,
    ...(title ? { title } : {}),
    description,
    inputSchema: tool.input.jsonSchema as Tool['inputSchema'],
    ...(tool.output ? { outputSchema: tool.output.jsonSchema as Tool['outputSchema'] } : {}),
    ...(annotations || title
      ? {
          annotations: {
            ...(title ? { title } : {}),
            ...(annotations?.readOnly !== undefined ? { readOnlyHint: annotations.readOnly } : {}),
            ...(annotations?.destructive !== undefined ? { destructiveHint: annotations.destructive } : {}),
            ...(annotations?.idempotent !== undefined ? { idempotentHint: annotations.idempotent } : {}),
            ...(annotations?.openWorld !== undefined ? { openWorldHint: annotations.openWorld } : {}),
          },
        }
      : {}),
  };
}

function templateEntry(template: ResourceTemplateDefinition): ResourceTemplate {
  const { uriTemplate, title, description, mimeType } = template.options;
  return { uriTemplate, name: template.name, ...(title ? { title } : {}), ...(description ? { description } : {}), ...(mimeType ? { mimeType } : {}) };
}

function promptEntry(prompt: PromptDefinition): Prompt {
  const { title, description } = prompt.options;
  const schema = prompt.args?.jsonSchema;
  const required = new Set(schema?.required ?? []);
  const args = Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    required: required.has(name),
  }));
  return {
    name: prompt.name,
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(args.length ? { arguments: args } : {}),
  };
}

/** Builds the catalog, after the explorer has filled the registry and again on every list change. */
export function buildMcpCatalog(registry: GatewaySkills): McpCatalog {
  const tools = registry.tools().map(toolEntry);
  const resources = registry.resources().map(({ name, options: { uri, title, description, mimeType } }) => ({
    uri,
    name,
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(mimeType ? { mimeType } : {}),
  }));
  const resourceTemplates = registry.resourceTemplates().map(templateEntry);
  const prompts = registry.prompts().map(promptEntry);
  return {
    tools,
    resources,
    resourceTemplates,
    prompts,
    results: { tools: { tools }, resources: { resources }, resourceTemplates: { resourceTemplates }, prompts: { prompts } },
    inputSchemas: new Map(tools.map((tool) => [tool.name, tool.inputSchema as Record<string, unknown>])),
    restricted: registry.restricted(),
    guarded: registry.all().some((skill) => skill.handler.access.guards.length > 0),
  };
}
