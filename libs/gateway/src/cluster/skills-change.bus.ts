import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SkillsRegistry, type SkillsChange } from '@skillnest/skills';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayMessages } from '../gateway.messages';
import { GatewayRedis } from './gateway-redis';

/** One bus per registry: an app with several gateways shares changes once, not once per gateway. */
const joined = new WeakSet<SkillsRegistry>();

interface Envelope {
  /** The replica that made the change, so it does not apply its own change twice. */
  o: string;
  c: SkillsChange;
}

/**
 * Shares skills changes between replicas through Redis: a skill switched on or off
 * (`SkillsRegistry.setEnabled`) and a resource's content updated (`resourceUpdated`). Each
 * replica applies a change made elsewhere to its own registry, whose listeners then tell its
 * own clients (`subscriptions/listen` through the SDK's in-process bus, legacy sessions), so
 * every replica's lists agree and every listener hears. Switches are also kept in a Redis hash,
 * read at startup: a replica started later serves the same lists.
 *
 * The bus carries `SkillsChange`, not the SDK's `ServerEvent`: a replica must change its
 * registry (what it lists and serves), not only relay a notification, and legacy sessions hear
 * from the registry too. The SDK's `ServerEventBus` stays in-process, fed by the registry.
 */
@Injectable()
export class SkillsChangeBus implements OnApplicationBootstrap {
  private readonly logger = new Logger('McpGateway');
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly switches: string;
  private applyingRemote = false;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly registry: SkillsRegistry,
  ) {
    // App-wide, not per gateway path: every gateway of every replica of one app serves one registry.
    this.channel = `${redis.appPrefix}changes`;
    this.switches = `${redis.appPrefix}switches`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const client = this.redis.client;
    if (!client || joined.has(this.registry)) return;
    joined.add(this.registry);
    this.registry.onChange((change) => {
      if (!this.applyingRemote) void this.share(change);
    });
    const subscriber = this.redis.subscriber()!;
    subscriber.on('message', (_channel: string, message: string) => this.received(message));
    // Subscribe before reading the switches, so that no change falls between the two. Redis
    // being away at startup delays neither the app nor its other gateways (bounded waits).
    const subscribe = () => subscriber.subscribe(this.channel).catch((error: unknown) => this.logger.warn(GatewayMessages.changeBusFailed(describeCause(error))));
    if (!(await this.redis.ready(subscriber))) {
      // Not now: join when Redis answers (the subscriber reconnects), without holding startup.
      this.logger.warn(GatewayMessages.changeBusFailed('Redis did not answer at startup'));
      subscriber.once('ready', () => void subscribe());
      return;
    }
    await subscribe();
    if (!(await this.redis.ready(client))) return this.logger.warn(GatewayMessages.changeBusFailed('Redis did not answer at startup'));
    const saved = await client.hgetall(this.switches).catch((error: unknown) => {
      this.logger.warn(GatewayMessages.changeBusFailed(describeCause(error)));
      return {} as Record<string, string>;
    });
    for (const [field, enabled] of Object.entries(saved)) {
      const [kind, key] = JSON.parse(field) as [Extract<SkillsChange, { type: 'list' }>['kind'], string];
      this.apply({ type: 'list', kind, key, enabled: enabled === '1' });
    }
  }

  private async share(change: SkillsChange): Promise<void> {
    const client = this.redis.client!;
    try {
      const envelope: Envelope = { o: this.origin, c: change };
      const batch = client.multi();
      if (change.type === 'list') batch.hset(this.switches, JSON.stringify([change.kind, change.key]), change.enabled ? '1' : '0');
      await batch.publish(this.channel, JSON.stringify(envelope)).exec();
    } catch (error) {
      // The change holds on this replica; the others keep their lists until the next change.
      this.logger.warn(GatewayMessages.changeBusFailed(describeCause(error)));
    }
  }

  private received(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return; // not ours
    }
    if (envelope.o !== this.origin && envelope.c) this.apply(envelope.c);
  }

  private apply(change: SkillsChange): void {
    this.applyingRemote = true;
    try {
      if (change.type === 'list') this.registry.setEnabled(change.kind, change.key, change.enabled);
      else if (change.type === 'resource') this.registry.resourceUpdated(change.uri);
    } finally {
      this.applyingRemote = false;
    }
  }
}
