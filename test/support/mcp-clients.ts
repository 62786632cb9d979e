import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The calls e2e specs make; all three official clients expose them under the same names. */
export interface McpTestClient {
  listTools(): Promise<{ tools: Array<{ name: string; inputSchema: Record<string, unknown>; outputSchema?: Record<string, unknown>; annotations?: Record<string, unknown> }> }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<{
    content: Array<{ type: string; text?: string }>;
    structuredContent?: Record<string, unknown>;
    isError?: boolean;
  }>;
  listResources(): Promise<{ resources: Array<{ uri: string; name: string }> }>;
  listResourceTemplates(): Promise<{ resourceTemplates: Array<{ uriTemplate: string; name: string }> }>;
  readResource(params: { uri: string }): Promise<{ contents: Array<{ uri: string; text?: string; mimeType?: string }> }>;
  listPrompts(): Promise<{ prompts: Array<{ name: string; arguments?: Array<{ name: string; required?: boolean }> }> }>;
  getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<{ messages: Array<{ role: string; content: { type: string; text?: string } }> }>;
  close(): Promise<void>;
}

export type ClientKind = 'v2 auto (2026-07-28)' | 'v2 legacy' | 'v1 (sdk 1.32)';
export const CLIENT_KINDS: ClientKind[] = ['v2 auto (2026-07-28)', 'v2 legacy', 'v1 (sdk 1.32)'];

/** Connects one official client of the given kind, with a bearer token when one is given. */
export async function connectClient(kind: ClientKind, url: URL, token?: string): Promise<{ client: McpTestClient; era: string }> {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  const info = { name: 'skillnest-e2e', version: '1.0.0' };
  if (kind === 'v1 (sdk 1.32)') {
    const client = new ClientV1(info);
    await client.connect(new TransportV1(url, { requestInit }));
    return { client: client as unknown as McpTestClient, era: `legacy ${client.getServerVersion()?.name}` };
  }
  const client = new ClientV2(info, kind === 'v2 auto (2026-07-28)' ? { versionNegotiation: { mode: 'auto' } } : {});
  await client.connect(new TransportV2(url, { requestInit }));
  return { client: client as unknown as McpTestClient, era: String(client.getProtocolEra()) };
}
