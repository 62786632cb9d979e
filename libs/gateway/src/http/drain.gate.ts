import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayMessages } from '../gateway.messages';
import { sendJsonRpcError } from './json-rpc-error.reply';

/** How long a refused request's body may take to arrive before the refusal is sent anyway. */
const BODY_WAIT_MS = 1_000;

/**
 * Counts MCP exchanges in flight and, once shutdown begins, turns new ones away with 503 while
 * the running ones finish. An exchange ends when its response closes, which also covers SSE
 * streams and clients that disconnect.
 */
export class DrainGate {
  private inFlight = 0;
  private closing = false;
  /** The responses of the exchanges in flight (one may be counted twice: the fast path hands it to the SDK), for `cut`. */
  private readonly open = new Map<ServerResponse, number>();
  private onIdle?: () => void;

  get draining(): boolean {
    return this.closing;
  }

  get active(): number {
    return this.inFlight;
  }

  /** The first `onRequest` hook of the route: nothing else runs for a request refused here. */
  readonly hook = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    if (!this.closing) return done();
    const refuse = () => {
      if (!reply.sent) sendJsonRpcError(reply, 503, -32603, GatewayMessages.shuttingDown(), { 'retry-after': '5', connection: 'close' });
    };
    const raw = request.raw;
    if (raw.readableEnded || (raw.headers['content-length'] ?? '0') === '0') return refuse();
    // Read (and drop) the body before answering: closing a socket with unread bytes resets it,
    // and a balancer that sees a reset after sending a POST may not retry it (a 502). Bounded.
    const timer = setTimeout(refuse, BODY_WAIT_MS);
    raw.once('end', () => (clearTimeout(timer), refuse()));
    raw.once('error', () => (clearTimeout(timer), refuse()));
    raw.resume();
  };

  /**
   * Counts an exchange until its response closes (SSE streams, hijacked responses). A response
   * that already closed (the client left while the fast path awaited a skill) is not counted: its
   * close event is gone, and counting it would hold every later drain to its deadline.
   */
  track(response: ServerResponse): void {
    if (response.destroyed) return;
    this.enter(response);
    response.once('close', () => this.leave(response));
  }

  /**
   * Counts an exchange the caller ends itself with `leave`: a JSON answer is written whole when
   * `reply.send` returns, so it needs no close listener on the hot path.
   */
  enter(response: ServerResponse): void {
    this.inFlight++;
    this.open.set(response, (this.open.get(response) ?? 0) + 1);
  }

  leave(response: ServerResponse): void {
    this.inFlight--;
    const count = this.open.get(response) ?? 1;
    if (count > 1) this.open.set(response, count - 1);
    else this.open.delete(response);
    if (this.inFlight === 0) this.onIdle?.();
  }

  /**
   * The last resort of a drain past its deadline: closes the connections of exchanges that are
   * still open after their calls were cancelled (something outside any skill, a guard say, still
   * holds them). The HTTP server waits for every open response before it closes, and would
   * otherwise hold the process past its deadline. Returns how many were cut.
   */
  cut(): number {
    const open = [...this.open.keys()];
    for (const response of open) response.destroy();
    return open.length;
  }

  /** Refuse new exchanges from now on. */
  close(): void {
    this.closing = true;
  }

  /** Resolves true when every exchange has finished, false when the deadline came first. */
  async drained(deadlineMs: number): Promise<boolean> {
    if (this.inFlight === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), deadlineMs);
      this.onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
