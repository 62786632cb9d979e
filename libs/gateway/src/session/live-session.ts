import { WebStandardStreamableHTTPServerTransport, type McpHandlerRequestOptions, type McpServerFactory } from '@modelcontextprotocol/server';
import type { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { BoundedEventStore } from './bounded-event.store';
import type { SessionRecord } from './session-store';

/** A session served by this process's own SDK server and transport. */
export interface LiveSession {
  transport: WebStandardStreamableHTTPServerTransport;
  mcp: SkillnestMcpServer;
  /** Who opened it: its record is touched in that name while a stream keeps it alive. */
  principal: string;
  lastSeen: number;
  /** GET streams open on it here: while there is one, the session is in use and never idles out. */
  streams: number;
  /** What it subscribes to (`resources/subscribe`, bounded and checked by the server's handler). */
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
  const session = await connect(factory, id, record, request, options);
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

/**
 * A `Last-Event-ID` this replica cannot replay (the stream was held by another replica, or its
 * events are gone) opens a fresh stream: replay is a MAY in the 2025 transport, and the SDK
 * would answer 400, which ends the client's listening.
 */
export async function resumable(session: LiveSession, request: Request): Promise<Request> {
  const last = request.method === 'GET' ? request.headers.get('last-event-id') : null;
  if (last === null || (await session.events.getStreamIdForEventId(last)) !== undefined) return request;
  const headers = new Headers(request.headers);
  headers.delete('last-event-id');
  return new Request(request.url, { method: 'GET', headers, signal: request.signal });
}

async function connect(factory: McpServerFactory, id: string, record: SessionRecord, request: Request, options?: McpHandlerRequestOptions): Promise<LiveSession> {
  const mcp = (await factory({ era: 'legacy', authInfo: options?.authInfo, requestInfo: request })) as SkillnestMcpServer;
  const events = new BoundedEventStore();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => id, eventStore: events });
  // The factory's `resources/subscribe` handler keeps what this session subscribes to here.
  mcp.subscriptions = new Set<string>();
  await mcp.connect(transport);
  return { transport, mcp, principal: record.principal, lastSeen: Date.now(), streams: 0, subscriptions: mcp.subscriptions, events };
}
