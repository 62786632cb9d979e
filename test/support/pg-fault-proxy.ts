import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP stand-in for a PostgreSQL server that a test can break on demand: it forwards to the
 * machine's PostgreSQL; then it can accept connections and never answer, answer them the way a
 * server that is shutting down does (SQLSTATE 57P03), or stop listening (connections refused).
 */
export class PgFaultProxy {
  private readonly sockets = new Set<Socket>();
  private mode: 'forward' | 'silent' | 'shutting down' = 'forward';
  private server?: Server;
  port = 0;

  constructor(private readonly target = { host: '127.0.0.1', port: 5432 }) {}

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Existing connections drop; new ones are accepted and never answered. */
  goSilent(): void {
    this.mode = 'silent';
    this.dropAll();
  }

  /** The server is back: new connections are forwarded again. */
  forward(): void {
    this.mode = 'forward';
  }

  /** Existing connections drop; new ones get the server's "shutting down" startup error. */
  shutDown(): void {
    this.mode = 'shutting down';
    this.dropAll();
  }

  /** Nothing listens on the port any more: a connect is refused. */
  async close(): Promise<void> {
    this.dropAll();
    if (this.server?.listening) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'silent') return;
    if (this.mode === 'shutting down') {
      // The startup message arrives first; a server that is going away answers it with a FATAL error.
      client.once('data', () => client.end(shuttingDownError()));
      return;
    }
    const upstream = this.track(connect(this.target.port, this.target.host));
    client.pipe(upstream).pipe(client);
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

/** An ErrorResponse message: 'E', its length, then type-tagged NUL-terminated fields and a final NUL. */
function shuttingDownError(): Buffer {
  const fields = [
    ['S', 'FATAL'],
    ['V', 'FATAL'],
    ['C', '57P03'],
    ['M', 'the database system is shutting down'],
  ];
  const body = Buffer.concat([...fields.map(([tag, text]) => Buffer.from(`${tag}${text}\0`)), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
