import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { SessionLimits } from '../config/session-limits';
import { SessionStoreUnavailable, type SessionOpening, type SessionRecord, type SessionStore } from './session-store';

// Scripts, so that the caps and the principal check are atomic across replicas. Two ZSETs hold
// sessions by last use: every open session (KEYS[1], for the global cap) and the principal's
// own (KEYS[3], for its fair share, expiring with its last session); each session is a hash
// that expires when idle. A refusal returns the last use of the least recently used session
// in the full set, from which the caller tells when a place frees up by itself.
const OPEN = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[9]) then return {'principal', redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')[2]} end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return {'global', redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]} end
redis.call('HSET', KEYS[2], 'p', ARGV[4], 's', ARGV[5], 'i', ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[8])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[8])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
return {'opened'}`;
const TOUCH = `
local found = redis.call('HMGET', KEYS[2], 'p', 's', 'i')
if found[1] ~= ARGV[1] then return nil end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], 'XX', ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return found`;

type SessionRedis = Redis & {
  skillnestOpenSession(...args: (string | number)[]): Promise<[string, string?]>;
  skillnestTouchSession(...args: (string | number)[]): Promise<[string, string, string] | null>;
};

/**
 * Legacy sessions in Redis, so any replica serves any session: `initialize` on one replica,
 * the next request on another. The caps and idle expiry are the same on every replica. A Redis
 * failure rejects (the manager answers 503, which nothing has run before).
 */
export class RedisSessionStore implements SessionStore {
  readonly synchronous = false;
  private readonly redis: SessionRedis;
  private readonly index: string;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly limits: Pick<SessionLimits, 'maxSessions' | 'maxSessionsPerPrincipal' | 'idleTimeoutMs'>,
  ) {
    redis.defineCommand('skillnestOpenSession', { numberOfKeys: 3, lua: OPEN });
    redis.defineCommand('skillnestTouchSession', { numberOfKeys: 3, lua: TOUCH });
    this.redis = redis as SessionRedis;
    this.index = `${prefix}sessions`;
  }

  async open(record: SessionRecord): Promise<SessionOpening> {
    const id = randomUUID();
    const now = Date.now();
    const { maxSessions, maxSessionsPerPrincipal, idleTimeoutMs } = this.limits;
    const [outcome, leastRecent] = await this.unavailableOnFailure(
      this.redis.skillnestOpenSession(
        this.index,
        this.key(id),
        this.principalIndex(record.principal),
        now - idleTimeoutMs,
        maxSessions,
        now,
        record.principal,
        record.serverRequests ? '1' : '0',
        JSON.stringify(record.init),
        idleTimeoutMs,
        id,
        maxSessionsPerPrincipal,
      ),
    );
    if (outcome === 'opened') return { id };
    return { refused: outcome === 'principal' ? 'principal' : 'global', retryAfterMs: Number(leastRecent) + idleTimeoutMs - now };
  }

  async touch(id: string, principal: string): Promise<SessionRecord | undefined> {
    const found = await this.unavailableOnFailure(
      this.redis.skillnestTouchSession(this.index, this.key(id), this.principalIndex(principal), principal, this.limits.idleTimeoutMs, Date.now(), id),
    );
    if (!found) return undefined;
    return { principal, serverRequests: found[1] === '1', init: JSON.parse(found[2]) as unknown };
  }

  async close(id: string, principal: string): Promise<void> {
    await this.unavailableOnFailure(this.redis.multi().del(this.key(id)).zrem(this.index, id).zrem(this.principalIndex(principal), id).exec());
  }

  expireBefore(): void {
    // Redis expires idle sessions itself (PEXPIRE); the indexes are pruned when a session opens.
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

  /** Hashed: a principal id is the caller's (a JWT subject, say), of any length and characters. */
  private principalIndex(principal: string): string {
    return `${this.prefix}sessions-of:${createHash('sha256').update(principal).digest('base64url')}`;
  }
}
