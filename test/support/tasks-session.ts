import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createApplicationInputHandler, createTaskSessionFromClient, type ApplicationElicitResult, type TaskEnabledSession } from '@modelcontextprotocol/ext-tasks/client';
import type { JsonValue } from '@modelcontextprotocol/ext-tasks/core';
import { parseMcpBody } from './mcp-http';

const CLIENT_INFO = { name: 'ext-tasks-e2e', version: '1.0.0' };

/**
 * Jest runs specs in a realm of their own, where `Response.json()` (Node's, from the outer realm)
 * hands back objects that ext-tasks' plain-JSON checks refuse; parsing the text here keeps the
 * SDK client's results in the spec's realm. Nothing else changes.
 */
const sameRealmFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.headers.get('content-type')?.includes('application/json')) return response;
  const text = await response.text();
  const copy = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  return Object.assign(copy, { json: async () => JSON.parse(text) as unknown });
};

/**
 * A requester session of the official Tasks client (`@modelcontextprotocol/ext-tasks`) over an
 * official 2026-07-28 SDK client. The SDK client cannot put task shapes on the wire, so the
 * session's task traffic (`tools/call`, `tasks/*`) goes through `rawDispatch`, here plain HTTP
 * that sends each request to the next of `origins` in turn: one replica creates the task,
 * another is polled for it. `elicit` answers the task's input requests.
 */
export async function tasksSession(
  origins: string[],
  token: string,
  elicit: () => ApplicationElicitResult,
): Promise<{ session: TaskEnabledSession; close(): Promise<void>; sent: string[] }> {
  const client = new Client(CLIENT_INFO, { versionNegotiation: { mode: 'auto' }, capabilities: { elicitation: { form: {} } } });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', origins[0]), { fetch: sameRealmFetch, requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  const sent: string[] = [];
  let next = 0;
  const rawDispatch = async (request: JsonValue, options?: { signal?: AbortSignal }) => {
    const { method, params } = request as { method: string; params: Record<string, JsonValue> };
    const origin = origins[next++ % origins.length];
    sent.push(`${method} -> ${origin}`);
    const name = typeof params.name === 'string' ? params.name : typeof params.taskId === 'string' ? params.taskId : undefined;
    const response = await fetch(new URL('/mcp', origin), {
      method: 'POST',
      signal: options?.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${token}`,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': method,
        ...(name ? { 'mcp-name': name } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: next, method, params }),
    });
    const body = parseMcpBody(await response.text()) as { result?: JsonValue; error?: { code: number; message: string; data?: JsonValue } };
    return body.error ? { kind: 'error' as const, error: body.error } : { kind: 'result' as const, result: body.result as JsonValue };
  };
  const input = createApplicationInputHandler({
    elicitation: () => elicit(),
    sampling: () => ({ model: 'none', role: 'assistant', content: { type: 'text', text: '' } }),
    roots: () => ({ roots: [] }),
  });
  const session = createTaskSessionFromClient(client, {
    endpointId: 'skillnest-e2e',
    rawDispatch,
    v2RequestFraming: { protocolVersion: '2026-07-28', clientInfo: CLIENT_INFO, clientCapabilities: { elicitation: { form: {} } } },
    onInputRequest: input,
  });
  return {
    session,
    sent,
    close: async () => {
      await session.close();
      await client.close();
    },
  };
}
