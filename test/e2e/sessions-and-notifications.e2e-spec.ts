import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS } from '../support/mcp-http';

/** The garbage collector, even in a jest run started without --expose-gc, so the memory check always runs. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const ALICE = 'alice-token-000000000000000001';
const BOB = 'bob-token-00000000000000000002';
const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

const headers = (token: string, extra: Record<string, string> = {}) => ({ ...MCP_HEADERS, authorization: `Bearer ${token}`, ...extra });

async function openSession(url: URL, token: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: headers(token), body: INIT });
  await response.text();
  const id = response.headers.get('mcp-session-id');
  if (!id) throw new Error(`no session id (HTTP ${response.status})`);
  await fetch(url, {
    method: 'POST',
    headers: headers(token, { 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' }),
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  return id;
}

const listTools = (url: URL, token: string, session: string) =>
  fetch(url, {
    method: 'POST',
    headers: headers(token, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }),
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  });

/** Reads an SSE body until `predicate` matches an event or `timeoutMs` passes. */
async function readEvents(response: Response, predicate: (events: Array<{ id?: string; data: string }>) => boolean, timeoutMs: number) {
  const events: Array<{ id?: string; data: string }> = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!predicate(events) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((resolve) => setTimeout(() => resolve({ done: true, value: undefined }), deadline - Date.now())),
    ]);
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) events.push({ id, data });
    }
  }
  await reader.cancel().catch(() => undefined);
  return events;
}

describe('legacy sessions', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startExampleApp({
      env: { SKILLNEST_TOKENS: `alice=${ALICE},bob=${BOB}`, SKILLNEST_MAX_SESSIONS: '3', SKILLNEST_SESSION_IDLE_MS: '1500' },
      imports: [ContextProbeModule],
    });
  });
  afterAll(async () => running?.close());

  it('binds a session to the principal that opened it: another one gets 404', async () => {
    const session = await openSession(running.mcpUrl, ALICE);
    expect(session).toMatch(/^[\x21-\x7e]+$/);
    expect((await listTools(running.mcpUrl, ALICE, session)).status).toBe(200);
    const stolen = await listTools(running.mcpUrl, BOB, session);
    expect(stolen.status).toBe(404);
    expect((await stolen.json()).error.message).toContain('Session not found');
    await fetch(running.mcpUrl, { method: 'DELETE', headers: headers(ALICE, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }) });
  });

  it('ends a session on DELETE: later requests with its id get 404', async () => {
    const session = await openSession(running.mcpUrl, ALICE);
    const deleted = await fetch(running.mcpUrl, { method: 'DELETE', headers: headers(ALICE, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }) });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toBe('');
    // A second DELETE finds nothing to end: 404, as for any unknown session.
    const again = await fetch(running.mcpUrl, { method: 'DELETE', headers: headers(ALICE, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }) });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.stringContaining('Session not found') } });
    expect((await listTools(running.mcpUrl, ALICE, session)).status).toBe(404);
  });

  it('caps open sessions (503 beyond the cap) and expires idle ones, freeing their memory', async () => {
    const gc = collector();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const sessions = [await openSession(running.mcpUrl, ALICE), await openSession(running.mcpUrl, ALICE), await openSession(running.mcpUrl, BOB)];
    const refused = await fetch(running.mcpUrl, { method: 'POST', headers: headers(ALICE), body: INIT });
    expect(refused.status).toBe(503);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.headers.get('mcp-session-id')).toBeNull();
    expect(await refused.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32000, message: expect.stringContaining('Too many open sessions'), data: { limit: 'maxSessions', max: 3 } },
    });

    await new Promise((resolve) => setTimeout(resolve, 3_200));
    for (const session of sessions) expect((await listTools(running.mcpUrl, ALICE, session)).status).toBe(404);
    const reopened = await openSession(running.mcpUrl, ALICE);
    expect(reopened).not.toBe(sessions[0]);
    gc();
    // Three sessions are small next to the heap's noise; what must not happen is growth that stays.
    expect(process.memoryUsage().heapUsed - baseline).toBeLessThan(8 * 1024 * 1024);
  }, 20_000);

  it('sends list_changed on the GET stream and replays missed events after Last-Event-ID', async () => {
    const session = await openSession(running.mcpUrl, ALICE);
    const sessionHeaders = headers(ALICE, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25', accept: 'text/event-stream' });
    const stream = await fetch(running.mcpUrl, { method: 'GET', headers: sessionHeaders });
    expect(stream.status).toBe(200);
    const toggle = (id: number) =>
      fetch(running.mcpUrl, {
        method: 'POST',
        headers: headers(ALICE, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }),
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'probe_toggle', arguments: {} } }),
      }).then((response) => response.text());
    const isChange = (event: { data: string }) => event.data.includes('notifications/tools/list_changed');
    const reading = readEvents(stream, (seen) => seen.filter(isChange).length >= 2, 5_000);
    await toggle(3);
    await toggle(4);
    const changes = (await reading).filter(isChange);
    expect(changes).toHaveLength(2);
    expect(changes.every((event) => Boolean(event.id))).toBe(true);

    // A client that saw only the first change reconnects and gets the second one replayed.
    // The server answers 409 until it has noticed that the first stream closed.
    let resumed = await fetch(running.mcpUrl, { method: 'GET', headers: { ...sessionHeaders, 'last-event-id': changes[0].id! } });
    for (let attempt = 0; resumed.status === 409 && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      resumed = await fetch(running.mcpUrl, { method: 'GET', headers: { ...sessionHeaders, 'last-event-id': changes[0].id! } });
    }
    expect(resumed.status).toBe(200);
    const replayed = await readEvents(resumed, (seen) => seen.some(isChange), 3_000);
    expect(replayed.filter(isChange).map((event) => event.id)).toEqual([changes[1].id]);
  });
});
