import type { Prompt, Resource, ResourceTemplateType as ResourceTemplate, Tool } from '@modelcontextprotocol/server';
import type {
  PromptDefinition,
  ResourceTemplateDefinition,
  SkillsRegistry,
  ToolDefinition,
} from '@skillnest/skills';

/**
 * The wire form of every list a client can ask for, built once at bootstrap from the registry.
 * Per-request servers close over these arrays, so `tools/list` never converts a schema again.
 */
export interface McpCatalog {
  readonly tools: Tool[];
  readonly resources: Resource[];
  readonly resourceTemplates: ResourceTemplate[];
  readonly prompts: Prompt[];
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

/** Builds the catalog; call once, after the explorer has filled the registry. */
export function buildMcpCatalog(registry: SkillsRegistry): McpCatalog {
  return {
    tools: registry.tools().map(toolEntry),
    resources: registry.resources().map(({ name, options: { uri, title, description, mimeType } }) => ({
      uri,
      name,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(mimeType ? { mimeType } : {}),
    })),
    resourceTemplates: registry.resourceTemplates().map(templateEntry),
    prompts: registry.prompts().map(promptEntry),
  };
}
