import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayConfigError } from '../../errors/gateway-config.error';
import { MetricsMessages } from './metrics.messages';
import type { MetricsRegistry } from './metrics-registry';
import { METRICS_PATH, metricsText } from './metrics-route';

/**
 * The small HTTP listener of `access: 'port'`: `GET /metrics` and nothing else (404), without
 * auth, on its own port and address (127.0.0.1 by default, so a scraper on the same host or pod
 * reads it and nobody else). Closed at shutdown, after the app's own server.
 */
export class MetricsListener {
  private readonly server: Server;

  constructor(private readonly metrics: MetricsRegistry) {
    this.server = createServer((request, response) => void this.answer(request, response));
    // Like the app's own server: a slow client cannot hold a connection open for ever.
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 30_000;
  }

  /** Listens; a port in use fails startup with a message naming the setting. Resolves with the port bound (`port: 0` picks one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(new GatewayConfigError(MetricsMessages.portInUse(host, port, describeCause(error))));
      this.server.once('error', failed);
      // The app's own server keeps the process alive; this one must not hold it after a failed startup.
      this.server.unref();
      this.server.listen(port, host, () => {
        this.server.off('error', failed);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  get port(): number | undefined {
    return (this.server.address() as AddressInfo | null)?.port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== METRICS_PATH) return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(MetricsMessages.notFound());
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
    const { status, type, body } = await metricsText(this.metrics);
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body);
  }
}
