import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayMessages } from '../gateway.messages';

const COMMAND_TIMEOUT_MS = 1_000;

/**
 * The gateway's one Redis connection (when `redisUrl` is set), shared by what replicas share:
 * rate budgets, legacy sessions and the change bus. Commands fail fast rather than queue while
 * Redis is away (each user decides what an outage means for it); pub/sub gets its own
 * connection, as Redis requires.
 */
@Injectable()
export class GatewayRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('McpGateway');
  readonly client?: Redis;
  /** Keys of this gateway start with it: several gateways (and apps) can share one Redis. */
  readonly prefix: string;
  /** Keys of the whole app (every gateway): the change bus. */
  readonly appPrefix: string;
  private readonly subscribers: Redis[] = [];

  constructor(private readonly config: GatewayConfig) {
    const root = config.options.redisPrefix ?? 'skillnest';
    this.prefix = `${root}:${config.path}:`;
    this.appPrefix = `${root}:app:${config.serverInfo.name}:`;
    if (config.options.redisUrl) this.client = this.connect(config.options.redisUrl, false);
  }

  /** A connection for SUBSCRIBE (it then takes no other command); closed at shutdown. */
  subscriber(): Redis | undefined {
    if (!this.config.options.redisUrl) return undefined;
    // A subscriber queues while reconnecting, so a blip does not lose the subscription itself.
    const connection = this.connect(this.config.options.redisUrl, true);
    this.subscribers.push(connection);
    return connection;
  }

  /** Waits (bounded) until `connection` can take commands; false when Redis did not answer in time. */
  async ready(connection: Redis, timeoutMs = 3_000): Promise<boolean> {
    if (connection.status === 'ready') return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const isReady = new Promise<true>((resolve) => connection.once('ready', () => resolve(true)));
    try {
      return await Promise.race([isReady, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
    for (const connection of this.subscribers) connection.disconnect();
  }

  private connect(url: string, offlineQueue: boolean): Redis {
    // A command gets COMMAND_TIMEOUT_MS: a Redis that is connected but silent (a partition, a
    // frozen server) must fail the command, not hold the request that waits on it.
    const connection = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: offlineQueue,
      lazyConnect: false,
      ...(offlineQueue ? {} : { commandTimeout: COMMAND_TIMEOUT_MS }),
    });
    connection.on('error', (error) => this.logger.warn(GatewayMessages.redisError(describeCause(error))));
    return connection;
  }
}
