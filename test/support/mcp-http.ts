/** Minimal JSON-RPC over Streamable HTTP (legacy, stateless) for specs that fire many raw calls. */
export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

export interface ToolCallOutcome {
  status: number;
  headers: Headers;
  result?: { content: Array<{ type: string; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean; _meta?: Record<string, unknown> };
  error?: { code: number; message: string };
  raw: string;
}

/**
 * The JSON-RPC answer in a body: the JSON body itself, or, in an SSE body, the `data:` event that
 * is a response (a `result` or an `error`, with the request's `id` when given). Notifications the
 * skill sends first (log, progress) are skipped: taking the first event made `result` undefined
 * and let assertions such as `result?.isError` be falsy on an error.
 */
export function parseMcpBody(raw: string, id?: string | number): Record<string, unknown> | undefined {
  const events = raw
    .split('\n')
    .filter((line) => /^data: ?\{/.test(line))
    .map((line) => json(line.slice(line.indexOf('{'))));
  if (events.length === 0) return json(raw);
  return events.find((event) => !!event && ('result' in event || 'error' in event) && (id === undefined || event.id === id));
}

function json(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function callToolOverHttp(url: string, name: string, args: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ToolCallOutcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  const raw = await response.text();
  const body = parseMcpBody(raw, 1) as { result?: ToolCallOutcome['result']; error?: ToolCallOutcome['error'] } | undefined;
  return { status: response.status, headers: response.headers, result: body?.result, error: body?.error, raw };
}

/** One 2026-07-28 request over raw HTTP (headers and `_meta` envelope as the official client sends them). */
export async function modernRequest(
  url: string,
  method: string,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> | undefined; raw: string }> {
  const name = typeof params.name === 'string' ? params.name : typeof params.uri === 'string' ? params.uri : undefined;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...MCP_HEADERS,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(name ? { 'mcp-name': name } : {}),
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'raw-e2e', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {},
          // A caller may add to the envelope or replace parts of it (capabilities, say).
          ...((params._meta as Record<string, unknown> | undefined) ?? {}),
        },
      },
    }),
  });
  const raw = await response.text();
  return { status: response.status, headers: response.headers, body: parseMcpBody(raw), raw };
}
