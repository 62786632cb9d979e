import { Logger, type INestApplicationContext } from '@nestjs/common';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { StdioGateway } from './stdio-gateway';
import type { StdioOptions } from './stdio.options';
import { StdioMessages } from './stdio.messages';

/** Every gateway of the app (one `StdioGateway` each), none if it has none. */
function gatewaysOf(app: INestApplicationContext): StdioGateway[] {
  try {
    return app.get(StdioGateway, { each: true, strict: false });
  } catch {
    return [];
  }
}

/**
 * Serves one gateway of an initialised app over stdio, for a host that starts the server as a
 * child process (Claude Desktop, Claude Code): the same skills, dispatcher and handlers as HTTP.
 * Do not `listen` on HTTP as well. When stdin closes (the host went away) the app shuts down as on
 * SIGTERM (the drain, then the pools) and the process exits 0, unless `exitOnEnd` is false.
 * stdout is claimed for the protocol (`claimStdout`); call that earlier, before the app is
 * created, to keep startup output off it too.
 */
export function listenOnStdio(app: INestApplicationContext, options: StdioOptions = {}): StdioGateway {
  const gateways = gatewaysOf(app);
  const gateway = options.gateway === undefined ? gateways[0] : gateways.find((candidate) => candidate.path === options.gateway);
  if (!gateway) {
    const paths = gateways.map((candidate) => candidate.path);
    throw new GatewayConfigError(StdioMessages.noGateway(options.gateway, paths));
  }
  gateway.serve(options, () => {
    if (options.exitOnEnd === false) return;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        new Logger('Stdio').error(StdioMessages.shutdownFailed(describeCause(error)));
        process.exit(1);
      },
    );
  });
  return gateway;
}
