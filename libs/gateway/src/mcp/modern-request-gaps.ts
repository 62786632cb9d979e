import { CLIENT_CAPABILITIES_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import type { IncomingHttpHeaders } from 'node:http';

/** The `_meta` keys a 2026-07-28 request must carry (clientInfo is optional). */
const REQUIRED_META = [PROTOCOL_VERSION_META_KEY, CLIENT_CAPABILITIES_META_KEY];
/** The requests whose target (`params.name` or `params.uri`) travels in `Mcp-Name` too. */
const NAMED = new Set(['tools/call', 'resources/read', 'prompts/get']);

/** What a 2026-07-28 request lacks, all of it: a JSON-RPC error for the client who builds requests by hand. */
export interface ModernRequestGaps {
  code: number;
  message: string;
  data: { missing: { meta: string[]; headers: string[] } };
}

/**
 * Everything a 2026-07-28 request is missing, when it misses more than one part. The SDK checks the
 * parts one at a time, so a request written by hand (curl) fails once per missing part; this
 * names them all in one answer. A single missing part is left to the SDK, whose answer is the
 * one the conformance suite knows. The code is the SDK's for the first part it would have named:
 * -32602 for the envelope (`_meta`), -32020 (header mismatch) for headers only.
 */
export function modernRequestGaps(headers: IncomingHttpHeaders, body: unknown): ModernRequestGaps | undefined {
  if (headers['mcp-protocol-version'] !== '2026-07-28' || body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { id, method, params } = body as { id?: unknown; method?: unknown; params?: unknown };
  if (id === undefined || typeof method !== 'string') return undefined;
  const meta = params !== null && typeof params === 'object' ? (params as { _meta?: unknown })._meta : undefined;
  const metaKeys = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
  const missingMeta = REQUIRED_META.filter((key) => metaKeys[key] === undefined);
  const missingHeaders: string[] = [];
  if (headers['mcp-method'] === undefined) missingHeaders.push(`Mcp-Method: ${method}`);
  if (NAMED.has(method) && headers['mcp-name'] === undefined) {
    const target = (params as { name?: unknown; uri?: unknown } | undefined)?.[method === 'resources/read' ? 'uri' : 'name'];
    missingHeaders.push(`Mcp-Name: ${typeof target === 'string' ? target.slice(0, 200) : `<params.${method === 'resources/read' ? 'uri' : 'name'}>`}`);
  }
  if (missingMeta.length + missingHeaders.length < 2) return undefined;
  const parts = [
    ...(missingMeta.length ? [`params._meta keys ${missingMeta.map((key) => `"${key}"`).join(', ')}`] : []),
    ...(missingHeaders.length ? [`headers ${missingHeaders.map((header) => `"${header}"`).join(', ')}`] : []),
  ];
  return {
    code: missingMeta.length ? -32602 : -32020,
    message: `Invalid request for protocol revision 2026-07-28: missing ${parts.join('; and ')}.`,
    data: { missing: { meta: missingMeta, headers: missingHeaders.map((header) => header.slice(0, header.indexOf(':'))) } },
  };
}
