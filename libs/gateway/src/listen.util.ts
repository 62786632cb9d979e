import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { GatewayMessages } from './gateway.messages';
import { McpGatewayRegistrar } from './mcp-gateway.registrar';

const LOOPBACK = '127.0.0.1';

/**
 * Starts listening, but never exposes an unauthenticated gateway beyond this machine: if any
 * gateway has no tokens, the app binds to 127.0.0.1 whatever `host` asked for, and says so.
 */
export async function listenSafely(app: INestApplication, port: number, host = '0.0.0.0'): Promise<string> {
  const gateways = app.get(McpGatewayRegistrar, { each: true, strict: false });
  const open = gateways.some((gateway) => !gateway.authenticated);
  let bindHost = host;
  if (open && host !== LOOPBACK && host !== 'localhost') {
    if (host !== '0.0.0.0' && host !== '::') new Logger('McpGateway').warn(GatewayMessages.hostForcedToLoopback(host));
    bindHost = LOOPBACK;
  }
  await app.listen(port, bindHost);
  return bindHost;
}
