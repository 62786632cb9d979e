import { Server as NetServer, type Server } from 'node:net';

/**
 * Stops accepting connections but leaves the open ones alone. `http.Server.close` would also
 * close idle keep-alive connections at once, and a balancer that just sent a request on one
 * gets a reset it may not retry; closing the listener alone turns new attempts into refused
 * connections, which every balancer retries elsewhere. Node has no public call for this, so
 * the listener's own `net.Server.close` is used; Fastify's close later tolerates it.
 */
export function stopAccepting(server: Server | undefined): void {
  if (server?.listening) NetServer.prototype.close.call(server);
}
