import { WebStandardStreamableHTTPServerTransport, type McpHandlerRequestOptions, type McpServerFactory } from '@modelcontextprotocol/server';
import type { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { BoundedEventStore } from './bounded-event.store';
import type { SessionRecord } from './session-store';

/** A session served by this process's own SDK server and transport. */
export interface LiveSession {
  transport: WebStandardStreamableHTTPServerTransport;
  mcp: SkillnestMcpServer;
  lastSeen: number;
  subscriptions: Set<string>;
  /** What this replica can replay for `Last-Event-ID`: the events it sent itself. */
  events: BoundedEventStore;
}

/**
 * Builds a live session for a recorded one, under the same id, by replaying its `initialize`
 * and `notifications/initialized` into a fresh SDK server and transport: on the replica that
 * opened it, or on any other that a request of the session reached.
 */
export async function openLiveSession(factory: McpServerFactory, id: string, record: SessionRecord, request: Request, options?: McpHandlerRequestOptions): Promise<LiveSession> {
  const session = await connect(factory, id, request, options);
  const replay = (body: unknown, extra: Record<string, string>) =>
    new Request(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...extra },
      body: JSON.stringify(body),
    });
  await (await session.transport.handleRequest(replay(record.init, {}), { parsedBody: record.init, authInfo: options?.authInfo })).text();
  const version = (record.init as { params?: { protocolVersion?: string } }).params?.protocolVersion ?? '2025-03-26';
  const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
  await session.transport.handleRequest(replay(initialized, { 'mcp-session-id': id, 'mcp-protocol-version': version }), {
    parsedBody: initialized,
    authInfo: options?.authInfo,
  });
  return session;
}

async function connect(factory: McpServerFactory, id: string, request: Request, options?: McpHandlerRequestOptions): Promise<LiveSession> {
  const mcp = (await factory({ era: 'legacy', authInfo: options?.authInfo, requestInfo: request })) as SkillnestMcpServer;
  const subscriptions = new Set<string>();
  const events = new BoundedEventStore();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => id, eventStore: events });
  const session: LiveSession = { transport, mcp, lastSeen: Date.now(), subscriptions, events };
  mcp.server.setRequestHandler('resources/subscribe', async (req) => {
    subscriptions.add(req.params.uri);
    return {};
  });
  mcp.server.setRequestHandler('resources/unsubscribe', async (req) => {
    subscriptions.delete(req.params.uri);
    return {};
  });
  await mcp.connect(transport);
  return session;
}
