import type { Readable, Writable } from 'node:stream';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { serveStdio, StdioServerTransport, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import { SkillDispatcher } from '../dispatch/skill-dispatcher';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewaySkills } from '../mcp/gateway-skills';
import { McpServerFactoryProvider } from '../mcp/mcp-server.factory';
import { claimStdout } from './protocol-stdout';
import { StdioConnection } from './stdio-connection';
import type { StdioOptions } from './stdio.options';
import { StdioMessages } from './stdio.messages';

/** After the drain deadline cancelled the calls still running, how long their answers get to be written. */
const CANCELLED_ANSWERS_MS = 500;

/** The SDK's stdio transport, telling when it closed by itself (stdin ended, stdout broke, a message too large). */
class EndingStdioTransport extends StdioServerTransport {
  constructor(
    input: Readable,
    output: Writable,
    private readonly closed: () => void,
  ) {
    super(input, output);
  }

  override async close(): Promise<void> {
    await super.close();
    this.closed();
  }
}

/**
 * One gateway served over stdio: the SDK's `serveStdio` over the gateway's own server factory,
 * so the same handlers and the same `SkillDispatcher` as HTTP answer, for one caller set by
 * configuration. The SDK decides the era from the opening message (a 2025 `initialize`, or a
 * 2026-07-28 request with its `_meta` envelope) and pins one instance for the life of the
 * process. Idle unless `serve` is called (`listenOnStdio`). At shutdown, as the HTTP drain does, new
 * requests are refused, those in flight answered up to the drain deadline, then the connection
 * closes, before the pools do.
 */
@Injectable()
export class StdioGateway implements OnModuleDestroy, BeforeApplicationShutdown {
  /** One process, one stdin: a second gateway reading it would take the first one's messages. */
  private static stdinTaken = false;
  private readonly logger = new Logger('Stdio');
  private readonly requestLogger = new Logger('Request');
  private connection?: StdioConnection;
  private handle?: StdioServerHandle;
  private stopAnnouncing?: () => void;
  /** Set when the app closes the connection itself (shutdown), so that its close is not taken for the client leaving. */
  private closing = false;
  private over = false;

  constructor(
    private readonly config: GatewayConfig,
    private readonly skills: GatewaySkills,
    private readonly factories: McpServerFactoryProvider,
    private readonly dispatcher: SkillDispatcher,
  ) {}

  /** The path of the gateway (`/mcp`), which names it when an app has several. */
  get path(): string {
    return this.config.path;
  }

  /** Whether this gateway serves stdio. */
  get serving(): boolean {
    return this.handle !== undefined;
  }

  /** Serves the gateway on stdin/stdout (or `options.input`/`output`); `onEnd` runs once when the client goes away. */
  serve(options: StdioOptions, onEnd: () => void): void {
    if (this.handle || (!options.input && StdioGateway.stdinTaken)) throw new GatewayConfigError(StdioMessages.alreadyServing());
    if (!options.input) StdioGateway.stdinTaken = true;
    const caller = options.caller ?? ANONYMOUS_CALLER;
    const legacy = options.legacy ?? 'serve';
    const connection = new StdioConnection(caller, this.config.path, this.config.requestLog, this.requestLogger);
    const factory = this.factories.create();
    const transport = new EndingStdioTransport(options.input ?? process.stdin, options.output ?? claimStdout(), () => this.ended(onEnd));
    this.connection = connection;
    this.handle = serveStdio(async (context) => connection.adopt(await factory(context), context.era), {
      transport,
      legacy,
      // One connection, one principal: the most listen streams one caller may hold over HTTP.
      maxSubscriptions: this.config.listen.maxStreamsPerPrincipal,
      onerror: (error) => this.logger.warn(StdioMessages.transportError(describeCause(error))),
    });
    this.stopAnnouncing = this.skills.registry.onChange((change) => connection.announce(change));
    this.logger.log(StdioMessages.serving(this.config.path, caller.id, legacy));
  }

  /** Shutdown step 1, as the HTTP drain's: requests from now on are answered that the server is shutting down. */
  onModuleDestroy(): void {
    this.connection?.stopAccepting();
  }

  /** Shutdown step 2: the requests in flight are answered (up to the drain deadline), then the connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    const { connection, handle } = this;
    if (!connection || !handle) return;
    if (!this.over) await this.drain(connection);
    this.closing = true;
    this.stopAnnouncing?.();
    await handle.close();
  }

  /** Requests in flight get their answers, up to the drain deadline; then their calls are cancelled, and answered so. */
  private async drain(connection: StdioConnection): Promise<void> {
    const deadline = this.config.drainTimeoutMs;
    const startedAt = performance.now();
    this.logger.log(StdioMessages.draining(connection.active, deadline));
    if (await connection.drained(deadline)) {
      this.logger.log(StdioMessages.drained(Math.round(performance.now() - startedAt)));
      return;
    }
    this.logger.warn(StdioMessages.drainDeadline(connection.active, this.dispatcher.cancelRunning()));
    await connection.drained(CANCELLED_ANSWERS_MS);
  }

  private ended(onEnd: () => void): void {
    if (this.closing || this.over) return;
    this.over = true;
    this.stopAnnouncing?.();
    this.connection?.abandon();
    this.logger.log(StdioMessages.ended());
    onEnd();
  }
}
