import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { SessionStoreUnavailable, type SessionRecord, type SessionStore } from './session-store';

// Scripts, so that the cap and the principal check are atomic across replicas. The ZSET holds
// every open session by last use, for the cap; each session is a hash that expires when idle.
const OPEN = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], 'p', ARGV[4], 's', ARGV[5], 'i', ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[8])
return 1`;
const TOUCH = `
local found = redis.call('HMGET', KEYS[2], 'p', 's', 'i')
if found[1] ~= ARGV[1] then return nil end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[4])
return found`;

type SessionRedis = Redis & {
  skillnestOpenSession(...args: (string | number)[]): Promise<number>;
  skillnestTouchSession(...args: (string | number)[]): Promise<[string, string, string] | null>;
};

/**
 * Legacy sessions in Redis, so any replica serves any session: `initialize` on one replica,
 * the next request on another. The cap and idle expiry are the same on every replica. A Redis
 * failure rejects (the manager answers 503, which nothing has run before).
 */
export class RedisSessionStore implements SessionStore {
  readonly synchronous = false;
  private readonly redis: SessionRedis;
  private readonly index: string;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly options: { maxSessions: number; idleTimeoutMs: number },
  ) {
    redis.defineCommand('skillnestOpenSession', { numberOfKeys: 2, lua: OPEN });
    redis.defineCommand('skillnestTouchSession', { numberOfKeys: 2, lua: TOUCH });
    this.redis = redis as SessionRedis;
    this.index = `${prefix}sessions`;
  }

  async open(record: SessionRecord): Promise<string | undefined> {
    const id = randomUUID();
    const now = Date.now();
    const { maxSessions, idleTimeoutMs } = this.options;
    const opened = await this.unavailableOnFailure(
      this.redis.skillnestOpenSession(
        this.index,
        this.key(id),
        now - idleTimeoutMs,
        maxSessions,
        now,
        record.principal,
        record.serverRequests ? '1' : '0',
        JSON.stringify(record.init),
        idleTimeoutMs,
        id,
      ),
    );
    return opened === 1 ? id : undefined;
  }

  async touch(id: string, principal: string): Promise<SessionRecord | undefined> {
    const found = await this.unavailableOnFailure(this.redis.skillnestTouchSession(this.index, this.key(id), principal, this.options.idleTimeoutMs, Date.now(), id));
    if (!found) return undefined;
    return { principal, serverRequests: found[1] === '1', init: JSON.parse(found[2]) as unknown };
  }

  async close(id: string): Promise<void> {
    await this.unavailableOnFailure(this.redis.multi().del(this.key(id)).zrem(this.index, id).exec());
  }

  expireBefore(): void {
    // Redis expires idle sessions itself (PEXPIRE); the index is pruned when a session opens.
  }

  shutdown(): void {
    // The connection belongs to GatewayRedis, closed at application shutdown.
  }

  private unavailableOnFailure<T>(pending: Promise<T>): Promise<T> {
    return pending.catch((error: unknown) => {
      throw new SessionStoreUnavailable(error instanceof Error ? error.message : String(error));
    });
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }
}
