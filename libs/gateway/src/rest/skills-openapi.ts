import { Logger, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { ToolDefinition } from '@skillnest/skills';
import { AuthMessages } from '../auth/auth.messages';
import { McpGatewayRegistrar } from '../mcp-gateway.registrar';
import { taskOperation, taskOperations } from './skills-openapi-tasks';

type Schema = Record<string, unknown>;

function operations(prefix: string, tool: ToolDefinition): Record<string, Schema> {
  const description = tool.options.description;
  const security = tool.handler.access.public || tool.handler.access.scopes.length === 0 ? [{ bearer: [] }] : [{ bearer: tool.handler.access.scopes }];
  const errors = {
    '400': { description: 'Invalid arguments: `problems` names each failing field' },
    '401': { description: 'Missing or invalid bearer token' },
    '403': { description: `Needs scope ${tool.handler.access.scopes.join(' ') || '(none)'}` },
    '422': { description: 'The tool refused or failed; `message` says why' },
    '429': { description: 'Rate limit reached; see Retry-After' },
  };
  const body = { required: true, content: { 'application/json': { schema: tool.input.jsonSchema } } };
  const task = taskOperation(prefix, tool);
  return {
    [`${prefix}/${tool.name}/run`]: {
      post: {
        operationId: `${tool.name}_run`,
        summary: tool.options.title ?? tool.name,
        description,
        tags: ['skills'],
        security,
        ...task.parameters,
        requestBody: body,
        responses: {
          '200': {
            description: 'The result',
            content: { 'application/json': { schema: { type: 'object', properties: { result: tool.output?.jsonSchema ?? {} } } } },
          },
          ...task.responses,
          ...errors,
        },
      },
    },
    [`${prefix}/${tool.name}/stream`]: {
      post: {
        operationId: `${tool.name}_stream`,
        summary: `${tool.options.title ?? tool.name} (streamed)`,
        description: `${description}\n\nServer-sent events: \`{"type":"progress",...}\` while it runs, then \`{"type":"result",...}\` or \`{"type":"error",...}\`, then \`[DONE]\`.`,
        tags: ['skills'],
        security,
        requestBody: body,
        responses: { '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors },
      },
    },
  };
}

/**
 * The OpenAPI document of the REST tools of every gateway with `docs` on, built from the same
 * JSON Schemas (the skills' DTOs) that define their MCP `inputSchema` and `outputSchema`, merged
 * into what `@nestjs/swagger` finds on the app's controllers, and served with Swagger UI at
 * `/<path>` (JSON at `/<path>-json`), without a token. When the app has gateways and none has
 * `docs` on (the default of an authenticated one), nothing is served and undefined is returned:
 * the document names every route, schema and required scope. Call after `app.init()` and before
 * `listen()`.
 */
export function setupSkillsOpenApi(app: INestApplication, path = 'docs', title = 'Skillnest skills'): OpenAPIObject | undefined {
  const gateways = app.get(McpGatewayRegistrar, { each: true, strict: false });
  const documented = gateways.filter((gateway) => gateway.docs);
  if (gateways.length > 0 && documented.length === 0) {
    new Logger('McpGateway').log(AuthMessages.docsOff());
    return undefined;
  }
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).addBearerAuth(undefined, 'bearer').build());
  for (const gateway of documented) {
    if (!gateway.restTools || !gateway.restPrefix) continue;
    const tools = gateway.restTools.tools();
    for (const tool of tools) Object.assign(document.paths, operations(gateway.restPrefix, tool));
    if (tools.some((tool) => tool.options.task !== undefined)) Object.assign(document.paths, taskOperations(gateway.restPrefix));
  }
  SwaggerModule.setup(path, app, document);
  return document;
}
