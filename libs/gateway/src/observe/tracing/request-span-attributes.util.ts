import type { Attributes } from '@opentelemetry/api';
import { PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import { ATTR_CLIENT_ADDRESS, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE, ATTR_NETWORK_TRANSPORT, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyRequest } from 'fastify';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_RESOURCE_URI,
  ATTR_MCP_SESSION_ID,
  EXECUTE_TOOL,
} from './trace-attributes.constants';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What every request span says of its connection, as the MCP conventions record Streamable HTTP.
 * Not `network.protocol.*` nor `client.port`: always `http`, rarely telling, and each attribute
 * costs the SDK about 0.1 us on every request.
 */
function connection(request: FastifyRequest): Attributes {
  return { [ATTR_NETWORK_TRANSPORT]: 'tcp', [ATTR_CLIENT_ADDRESS]: request.ip };
}

/** An MCP message as a request span sees it: its method, its span's attributes, and its `_meta` (for the trace context). */
export interface McpRequestShape {
  readonly method: string;
  readonly attributes: Attributes;
  readonly meta: unknown;
}

/**
 * The attributes of the span of one MCP request (`POST` of one JSON-RPC message), as the MCP
 * semantic conventions name them, or undefined for a body that is no JSON-RPC message (the
 * route refuses it). The tool or prompt name is an attribute here; it joins the span's name only
 * once the dispatcher knows the skill, so that made-up names cannot multiply span names.
 */
export function mcpRequestShape(request: FastifyRequest): McpRequestShape | undefined {
  const body = request.body;
  if (!isObject(body) || typeof body.method !== 'string') return undefined;
  const method = body.method;
  const params = isObject(body.params) ? body.params : undefined;
  const meta = params?._meta;
  const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: method, ...connection(request) };
  if (typeof body.id === 'string' || typeof body.id === 'number') attributes[ATTR_JSONRPC_REQUEST_ID] = String(body.id);
  const session = request.headers['mcp-session-id'];
  if (typeof session === 'string') attributes[ATTR_MCP_SESSION_ID] = session;
  const version =
    request.headers['mcp-protocol-version'] ?? (isObject(meta) ? meta[PROTOCOL_VERSION_META_KEY] : undefined) ?? (method === 'initialize' ? params?.protocolVersion : undefined);
  if (typeof version === 'string') attributes[ATTR_MCP_PROTOCOL_VERSION] = version;
  const name = typeof params?.name === 'string' ? params.name : undefined;
  if (method === 'tools/call') {
    attributes[ATTR_GEN_AI_OPERATION_NAME] = EXECUTE_TOOL;
    if (name !== undefined) attributes[ATTR_GEN_AI_TOOL_NAME] = name;
  } else if (method === 'prompts/get' && name !== undefined) {
    attributes[ATTR_GEN_AI_PROMPT_NAME] = name;
  } else if (method.startsWith('resources/') && typeof params?.uri === 'string') {
    attributes[ATTR_MCP_RESOURCE_URI] = params.uri;
  }
  return { method, attributes, meta };
}

/** The name and attributes of the span of one REST request (`POST <prefix>/:name/run|stream`), as the HTTP server conventions name them. */
export function restRequestShape(request: FastifyRequest): { name: string; attributes: Attributes } {
  const route = request.routeOptions.url ?? request.url;
  const tool = (request.params as { name?: unknown } | undefined)?.name;
  return {
    name: `${request.method} ${route}`,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_HTTP_ROUTE]: route,
      [ATTR_URL_PATH]: request.url.split('?')[0],
      [ATTR_GEN_AI_OPERATION_NAME]: EXECUTE_TOOL,
      ...(typeof tool === 'string' ? { [ATTR_GEN_AI_TOOL_NAME]: tool } : {}),
      ...connection(request),
    },
  };
}
