import type { Logger } from '@nestjs/common';
import {
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  McpServer,
  type JSONRPCMessage,
  type JSONRPCResponse,
  type Server,
  type Transport,
} from '@modelcontextprotocol/server';
import type { SkillCaller, SkillsChange } from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { SkillnestMcpServer } from '../mcp/skillnest-mcp.server';
import { logExchange, startExchange, type StdioExchange } from './stdio-request-log';
import { StdioMessages } from './stdio.messages';

/** JSON-RPC "internal error", as the HTTP drain answers a request that arrives during shutdown. */
const SHUTTING_DOWN = -32603;
const quiet = (pending: Promise<void>) => void pending.catch(() => undefined);

/**
 * The one connection of a stdio server: the instance `serveStdio` pinned for it (from the
 * gateway's own factory, so the very handlers HTTP uses), made to see the configured caller on
 * every request. The caller rides in the `authInfo` a transport may pass with each message, where
 * the SDK hands it to the handlers as `ctx.http.authInfo`, as the bearer hook's does on HTTP.
 * Also counts the requests in flight (the drain), writes a line per answered request, refuses
 * new requests once shutdown begins, and passes list and resource changes on to the client.
 */
export class StdioConnection {
  private readonly open = new Map<string | number, StdioExchange>();
  private readonly auth: CallerAuthInfo;
  private pinned?: { server: Server; era: 'legacy' | 'modern'; subscriptions?: Set<string> };
  private draining = false;
  private onIdle?: () => void;

  constructor(
    private readonly caller: SkillCaller,
    private readonly gateway: string,
    private readonly logRequests: boolean,
    private readonly logger: Logger,
  ) {
    this.auth = Object.freeze({ token: '', clientId: caller.id, scopes: [...caller.scopes], extra: { caller, via: 'stdio' } }) as CallerAuthInfo;
  }

  /** Requests delivered to the instance and not answered yet. */
  get active(): number {
    return this.open.size;
  }

  /** Takes the instance the factory built for the connection's era (a probe instance too: the last one adopted is the pinned one). */
  adopt<T extends McpServer | Server>(product: T, era: 'legacy' | 'modern'): T {
    const server = product instanceof McpServer ? product.server : (product as Server);
    // A 2025 connection is a session: it keeps the resources it subscribes to, as a legacy HTTP session does.
    const subscriptions = era === 'legacy' && product instanceof SkillnestMcpServer ? (product.subscriptions = new Set<string>()) : undefined;
    this.pinned = { server, era, subscriptions };
    const connect = product.connect.bind(product);
    product.connect = async (channel: Transport) => {
      await connect(channel);
      this.watch(channel);
    };
    return product;
  }

  /** Shutdown has begun: requests from now on are answered that the server is shutting down. */
  stopAccepting(): void {
    this.draining = true;
  }

  /** Resolves true when every request in flight is answered, false when the deadline came first. */
  drained(deadlineMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), deadlineMs);
      this.onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** The connection is over (stdin closed): the requests still open are never answered. */
  abandon(): void {
    for (const [id, exchange] of this.open) if (this.logRequests) logExchange(this.logger, this.gateway, this.caller.id, id, exchange, undefined, true);
    this.open.clear();
    this.pinned = undefined;
    this.onIdle?.();
  }

  /** Tells the client of a change, as a legacy HTTP session or a listen stream hears of it. */
  announce(change: SkillsChange): void {
    const pinned = this.pinned;
    if (!pinned) return;
    const { server } = pinned;
    if (change.type === 'resource') {
      // 2026-07-28: the SDK's listen router passes it to the subscriptions whose filter takes it.
      if (pinned.era === 'modern' || pinned.subscriptions?.has(change.uri)) quiet(server.sendResourceUpdated({ uri: change.uri }));
      return;
    }
    if (change.kind === 'tool') quiet(server.sendToolListChanged());
    else if (change.kind === 'prompt') quiet(server.sendPromptListChanged());
    else quiet(server.sendResourceListChanged());
  }

  /** Sits between the instance and its channel: the caller in, the answers counted and logged out. */
  private watch(channel: Transport): void {
    const deliver = channel.onmessage;
    const send = channel.send.bind(channel);
    channel.onmessage = (message, extra) => {
      if (!isJSONRPCRequest(message)) return deliver?.(message, { ...extra, authInfo: this.auth });
      if (this.draining) return quiet(send({ jsonrpc: '2.0', id: message.id, error: { code: SHUTTING_DOWN, message: StdioMessages.shuttingDown() } }));
      const exchange = startExchange(message);
      this.open.set(message.id, exchange);
      // A trail of its own per request, which the dispatcher completes for the request line.
      const authInfo = this.logRequests ? { ...this.auth, extra: { ...this.auth.extra, trail: exchange.trail } } : this.auth;
      deliver?.(message, { ...extra, authInfo });
    };
    channel.send = (message: JSONRPCMessage, options) => {
      if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) this.answered(message);
      return send(message, options);
    };
  }

  private answered(message: JSONRPCResponse): void {
    // A parse error's answer has no id: no request of ours to settle.
    const { id } = message;
    const exchange = id === undefined ? undefined : this.open.get(id);
    if (id === undefined || exchange === undefined) return;
    this.open.delete(id);
    if (this.logRequests) logExchange(this.logger, this.gateway, this.caller.id, id, exchange, isJSONRPCErrorResponse(message) ? message.error.code : undefined);
    if (this.open.size === 0) this.onIdle?.();
  }
}
