import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the deploy tracker upstream (real HTTP on 127.0.0.1). The `service`
 * query picks its behaviour: `stall-*` never answers, `broken-*` answers 500, `reset-*` drops the
 * connection, `huge-*` sends more than the pool accepts, `garbage-*` sends invalid JSON; any
 * other service gets two deployments.
 */
export async function startFakeDeployTracker(): Promise<{ origin: string; requests: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.headers);
    const url = new URL(req.url ?? '/', 'http://upstream');
    const service = url.searchParams.get('service') ?? '';
    if (url.pathname !== '/api/v1/deployments') return void res.writeHead(404).end();
    if (service.startsWith('stall-')) return; // never answers
    if (service.startsWith('broken-')) return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"db down at 10.9.8.7"}');
    if (service.startsWith('reset-')) return void req.socket.destroy();
    if (service.startsWith('garbage-')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops');
    if (service.startsWith('huge-')) {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deployments: [], padding: 'x'.repeat(300 * 1024) }));
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        deployments: [
          { id: 'd-2', version: '4.2.1', status: 'rolled_back', author: 'ana', startedAt: '2026-11-20T10:00:00Z', finishedAt: '2026-11-20T10:05:00Z', internal: 'dropped' },
          { id: 'd-1', version: '4.2.0', status: 'succeeded', author: 'li', startedAt: '2026-11-19T09:00:00Z' },
        ].slice(0, Number(url.searchParams.get('limit') ?? 5)),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
