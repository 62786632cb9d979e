import { endSession, initialize, openStream, sessionRequest } from './legacy-http';
import { MCP_HEADERS } from './mcp-http';
import type { AttackOutcome } from './abuse-attacks';

const count = (keys: Array<number | string>): Record<string, number> => keys.reduce<Record<string, number>>((all, key) => ({ ...all, [key]: (all[key] ?? 0) + 1 }), {});
const rpcCode = (body: Record<string, unknown> | undefined) => (body?.error as { code?: number } | undefined)?.code ?? 'result';

/**
 * The session attacks of issue 13 item 3, from one principal: an `initialize` flood (it filled the
 * global cap for 30 minutes), GET streams on every session (no cap before), megabyte URIs to
 * `resources/subscribe` (+341 MB before), and a 2025-wire id of 1.5. Bounded by its counts; every
 * stream and session it opened is closed before it returns; `whileHeld` runs while they are open.
 */
export async function sessionAttacks(mcp: string, token: string, whileHeld: () => Promise<void>): Promise<AttackOutcome[]> {
  const url = new URL(mcp);
  const opened = await Promise.all(Array.from({ length: 120 }, () => initialize(url, token)));
  const sessions = opened.map((answer) => answer.session).filter((session): session is string => !!session);
  const streams = await Promise.all(sessions.slice(0, 24).map((session) => openStream(url, token, session)));
  const hugeUri = `example://incidents/${'x'.repeat(1024 * 1024)}`;
  const subscribes = await Promise.all(
    Array.from({ length: 30 }, (_, n) => sessionRequest(url, token, sessions[n % sessions.length], 'resources/subscribe', { uri: `${hugeUri}${n}` })),
  );
  const oddIds = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const headers = { ...MCP_HEADERS, authorization: `Bearer ${token}`, 'mcp-session-id': sessions[0], 'mcp-protocol-version': '2025-11-25' };
      const response = await fetch(mcp, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1.5, method: 'tools/list' }) });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  await whileHeld();
  for (const stream of streams) stream.close();
  await Promise.all(sessions.map((session) => endSession(url, token, session)));
  return [
    { name: '120 initialize requests', statuses: count(opened.map((answer) => answer.status)) },
    { name: 'a GET stream on 24 sessions', statuses: count(streams.map((stream) => stream.status)) },
    { name: 'resources/subscribe with 1 MB URIs (JSON-RPC codes)', statuses: count(subscribes.map((answer) => rpcCode(answer.body))) },
    { name: '2025-wire JSON-RPC id 1.5', statuses: count(oddIds) },
  ];
}
