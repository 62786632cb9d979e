import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { MCP_HEADERS } from './mcp-http';

/** What one attack saw: how many requests, and their statuses (0: the connection was cut). */
export interface AttackOutcome {
  name: string;
  statuses: Record<number, number>;
}

const MODERN = { ...MCP_HEADERS, 'mcp-protocol-version': '2026-07-28' };
const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'abuse', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const call = (name: string, id: unknown = 1) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {}, _meta: envelope } });

async function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Runs `count` requests `concurrency` at a time; bounded by its count. */
async function repeat(name: string, count: number, concurrency: number, send: (index: number) => Promise<number>): Promise<AttackOutcome> {
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await send(next++);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return { name, statuses };
}

/** Sends a request's head, then its body one byte a second, until the server cuts it or `maxMs` passes. */
export function trickleBody(port: number, token: string, maxMs: number): Promise<AttackOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let status = 0;
    const finish = () => {
      clearInterval(timer);
      socket.destroy();
      resolve({ name: 'body one byte a second', statuses: { [status]: 1 } });
    };
    socket.on('data', (chunk) => (status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? status)));
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\nContent-Length: 100000\r\n\r\n`,
    );
    const timer = setInterval(() => (Date.now() - started > maxMs ? finish() : socket.write('{')), 1000);
  });
}

/**
 * The request-level attacks of issue 13 that need no session, each from `token`'s principal:
 * an event-loop stall by redaction, limiters per unknown name, deep nesting, random tokens, ids
 * that are not ids, junk `Accept`. Every one is bounded by its count.
 */
export function requestAttacks(url: string, token: string): Array<Promise<AttackOutcome>> {
  const auth = { ...MODERN, authorization: `Bearer ${token}`, 'mcp-method': 'tools/call' };
  const deep = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
  return [
    repeat('120 KB dotted tool name, no Mcp-Name', 6, 2, () => post(url, auth, call('a.'.repeat(60_000)))),
    repeat('400 KB random unknown tool names', 40, 4, () => post(url, auth, call(randomBytes(200_000).toString('hex')))),
    repeat('JSON nested 10,000 deep', 30, 3, () => post(url, auth, deep)),
    repeat('random bearer tokens', 300, 10, () => post(url, { ...auth, authorization: `Bearer ${randomBytes(24).toString('hex')}` }, call('catalog_search_services'))),
    repeat('JSON-RPC id 1.5', 30, 3, () => post(url, { ...auth, 'mcp-name': 'catalog_search_services' }, call('catalog_search_services', 1.5))),
    repeat('Accept: text/html', 30, 3, () => post(url, { ...auth, accept: 'text/html', 'mcp-name': 'catalog_search_services' }, call('catalog_search_services'))),
  ];
}

/** Resident memory of a process, in bytes, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}
