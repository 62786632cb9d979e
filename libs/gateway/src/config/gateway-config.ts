import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';
import { MCP_GATEWAY_OPTIONS } from '../mcp-gateway.module-definition';
import { wholeSetting } from './whole-setting';
import { resolveSharedLimits, type ListenLimits, type SessionLimits, type SubscriptionLimits } from './session-limits';
import { resolveTaskSettings, type TaskSettings } from '../tasks/task-settings';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MCP_PATH,
  DEFAULT_PAGE_SIZE,
  DEFAULT_REQUEST_STATE_TTL_MS,
  DEFAULT_SKILL_TIMEOUT_MS,
  type McpGatewayOptions,
} from '../mcp-gateway.options';

const PACKAGE_VERSION = '0.1.0';

const byteLength = (key: Uint8Array | string) => (typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : key.byteLength);

/**
 * One gateway's options with every default applied, resolved once when the module is built:
 * every provider of the gateway reads its settings here, so no default is written twice.
 */
@Injectable()
export class GatewayConfig {
  private readonly logger = new Logger('McpGateway');
  readonly path: string;
  readonly serverInfo: { name: string; version: string; title?: string };
  readonly maxBodyBytes: number;
  readonly drainTimeoutMs: number;
  readonly drainLingerMs: number;
  readonly defaultTimeoutMs: number;
  readonly pageSize: number;
  readonly fastPath: boolean;
  readonly requestLog: boolean;
  readonly sessions: SessionLimits;
  readonly listen: ListenLimits;
  readonly subscriptions: SubscriptionLimits;
  readonly tasks: TaskSettings;
  readonly modules: ReadonlySet<Function> | undefined;
  readonly allowedOrigins: string[];
  /** The key that seals `input_required` state; random per process unless configured (and then said). */
  readonly requestStateKey: Uint8Array | string;
  /** Keys of before a rotation: states they sealed still open. */
  readonly previousRequestStateKeys: ReadonlyArray<Uint8Array | string>;
  readonly requestStateTtlMs: number;

  constructor(@Inject(MCP_GATEWAY_OPTIONS) readonly options: McpGatewayOptions) {
    this.path = options.path ?? DEFAULT_MCP_PATH;
    if (!/^\/[^?#]*$/.test(this.path)) throw new GatewayConfigError(GatewayMessages.invalidPath(this.path));
    this.serverInfo = options.serverInfo ?? { name: 'skillnest', version: PACKAGE_VERSION };
    this.maxBodyBytes = wholeSetting(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes', 'SKILLNEST_MAX_BODY_BYTES');
    this.drainTimeoutMs = wholeSetting(options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS, 'drainTimeoutMs', 'SKILLNEST_DRAIN_TIMEOUT_MS', 0);
    this.drainLingerMs = wholeSetting(options.drainLingerMs ?? 0, 'drainLingerMs', 'SKILLNEST_DRAIN_LINGER_MS', 0);
    this.defaultTimeoutMs = wholeSetting(options.defaultTimeoutMs ?? DEFAULT_SKILL_TIMEOUT_MS, 'defaultTimeoutMs', 'SKILLNEST_SKILL_TIMEOUT_MS');
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    // 0 would page forever (an empty page with a next cursor); fractions make cursors no page accepts.
    if (!Number.isSafeInteger(this.pageSize) || this.pageSize < 1) throw new GatewayConfigError(GatewayMessages.invalidPageSize(this.pageSize));
    this.fastPath = options.fastPath !== false;
    this.requestLog = options.requestLog !== false;
    ({ sessions: this.sessions, listen: this.listen, subscriptions: this.subscriptions } = resolveSharedLimits(options));
    this.tasks = resolveTaskSettings(options.tasks);
    this.modules = options.modules ? new Set(options.modules) : undefined;
    this.allowedOrigins = options.allowedOrigins ?? [];
    this.requestStateKey = options.requestStateKey ?? this.ephemeralKey();
    if (byteLength(this.requestStateKey) < 32) throw new GatewayConfigError(GatewayMessages.shortStateKey());
    this.previousRequestStateKeys = options.previousRequestStateKeys ?? [];
    const short = this.previousRequestStateKeys.findIndex((key) => byteLength(key) < 32);
    if (short >= 0) throw new GatewayConfigError(GatewayMessages.shortPreviousStateKey(short));
    this.requestStateTtlMs = options.requestStateTtlMs ?? DEFAULT_REQUEST_STATE_TTL_MS;
    if (!Number.isSafeInteger(this.requestStateTtlMs) || this.requestStateTtlMs < 1) throw new GatewayConfigError(GatewayMessages.invalidStateTtl(this.requestStateTtlMs));
  }

  /** Replicas must share the key (a client may retry on another one); without one, say so. */
  private ephemeralKey(): Uint8Array {
    this.logger.warn(GatewayMessages.ephemeralStateKey());
    return randomBytes(32);
  }
}
