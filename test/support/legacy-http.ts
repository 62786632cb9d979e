import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { MCP_HEADERS, parseMcpBody } from './mcp-http';

export const LEGACY_VERSION = '2025-11-25';
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

/** What an HTTP answer said: status, headers and its JSON-RPC body (JSON or SSE). */
export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

const auth = (token: string, extra: Record<string, string> = {}) => ({ ...MCP_HEADERS, authorization: `Bearer ${token}`, ...extra });
const sessionHeaders = (token: string, session: string, extra: Record<string, string> = {}) =>
  auth(token, { 'mcp-session-id': session, 'mcp-protocol-version': LEGACY_VERSION, ...extra });

async function answer(response: Response): Promise<RawAnswer> {
  return { status: response.status, headers: response.headers, body: parseMcpBody(await response.text()) };
}

/** A raw 2025 `initialize` (no client library, so that nothing retries or hides the answer). */
export async function initialize(url: URL, token: string): Promise<RawAnswer & { session: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: auth(token), body: JSON.stringify(INIT) });
  return { ...(await answer(response)), session: response.headers.get('mcp-session-id') };
}

/** A raw legacy session, handshake finished; throws when `initialize` was refused. */
export async function openSession(url: URL, token: string): Promise<string> {
  const opened = await initialize(url, token);
  if (!opened.session) throw new Error(`initialize answered ${opened.status}`);
  const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await (await fetch(url, { method: 'POST', headers: sessionHeaders(token, opened.session), body: initialized })).text();
  return opened.session;
}

/** One request of a session. */
export async function sessionRequest(url: URL, token: string, session: string, method: string, params?: Record<string, unknown>): Promise<RawAnswer> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 2, method, ...(params ? { params } : {}) });
  return answer(await fetch(url, { method: 'POST', headers: sessionHeaders(token, session), body }));
}

/** The GET stream of a session, held open until `close()`. */
export async function openStream(url: URL, token: string, session: string): Promise<{ status: number; headers: Headers; response: Response; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: sessionHeaders(token, session, { accept: 'text/event-stream' }), signal: abort.signal });
  return { status: response.status, headers: response.headers, response, close: () => abort.abort() };
}

/** Ends a session (DELETE). */
export async function endSession(url: URL, token: string, session: string): Promise<number> {
  return (await fetch(url, { method: 'DELETE', headers: sessionHeaders(token, session) })).status;
}

/** A connected v1 SDK (1.32) client: a 2025-era session, with the GET stream the client opens itself. */
export async function v1Client(url: URL, token: string): Promise<ClientV1> {
  const client = new ClientV1({ name: 'fair-share-v1', version: '1' });
  await client.connect(new TransportV1(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** Ends a v1 client's session (DELETE), then closes it. */
export async function endClient(client: ClientV1): Promise<void> {
  await (client.transport as TransportV1 | undefined)?.terminateSession();
  await client.close();
}
