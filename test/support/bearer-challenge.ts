/**
 * A `WWW-Authenticate: Bearer` challenge read back into its parameters, so that a spec checks each
 * one (error, scope, resource_metadata, ...) instead of a status or a substring of the header.
 */
export function parseBearerChallenge(header: string | null | undefined): Record<string, string> {
  const text = header ?? '';
  if (!text.startsWith('Bearer ')) throw new Error(`Not a Bearer challenge: ${JSON.stringify(text)}`);
  const params: Record<string, string> = {};
  for (const match of text.slice('Bearer '.length).matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"(?:, |$)/g)) params[match[1]] = match[2].replace(/\\(.)/g, '$1');
  return params;
}

/** The JSON-RPC error body every refused MCP request carries (never a stack or a Nest error). */
export function jsonRpcRefusal(code: number, message: string | RegExp) {
  return { jsonrpc: '2.0', id: null, error: { code, message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) } };
}
