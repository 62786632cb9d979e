import Redis from 'ioredis';
import { MemorySessionStore } from '../../../libs/gateway/src/session/memory-session.store';
import { RedisSessionStore } from '../../../libs/gateway/src/session/redis-session.store';
import type { SessionOpening, SessionRecord, SessionStore } from '../../../libs/gateway/src/session/session-store';
import { runId, until } from './gateway-test-module';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `skillnest-test:${runId()}:`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'unit', version: '1' } } };
const record = (principal: string, serverRequests = false): SessionRecord => ({ principal, serverRequests, init: INIT });
/** The new session's id; undefined when a cap refused it. */
const idOf = (opening: SessionOpening) => ('id' in opening ? opening.id : undefined);
const caps = (maxSessions: number, idleTimeoutMs = 60_000, maxSessionsPerPrincipal = 100) => ({ maxSessions, maxSessionsPerPrincipal, idleTimeoutMs });

const redis = new Redis(REDIS_URL, { lazyConnect: true });
let stores = 0;
/** Each Redis store gets a prefix of its own (so its cap counts only its sessions) unless one is given. */
const redisStore = (maxSessions: number, idleTimeoutMs = 60_000, prefix = `${PREFIX}${++stores}:`) => new RedisSessionStore(redis, prefix, caps(maxSessions, idleTimeoutMs));

beforeAll(async () => redis.connect());
afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.each<[string, (maxSessions: number, perPrincipal?: number) => SessionStore]>([
  ['MemorySessionStore', (maxSessions, perPrincipal) => new MemorySessionStore(caps(maxSessions, 60_000, perPrincipal))],
  ['RedisSessionStore', (maxSessions, perPrincipal) => new RedisSessionStore(redis, `${PREFIX}${++stores}:`, caps(maxSessions, 60_000, perPrincipal))],
])('%s', (_name, create) => {
  it("refuses a principal beyond its share ('principal'), while others still open; a close gives the place back", async () => {
    const store = create(10, 2);
    const first = idOf(await store.open(record('alice')))!;
    await store.open(record('alice'));
    const refused = await store.open(record('alice'));
    expect(refused).toEqual({ refused: 'principal', retryAfterMs: expect.any(Number) });
    // Nobody used alice's first session since it opened: it expires about one idle timeout from now.
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);
    expect(idOf(await store.open(record('bob')))).toMatch(UUID);
    await store.close(first, 'alice');
    expect(idOf(await store.open(record('alice')))).toMatch(UUID);
  });

  it("refuses anyone once the store is full ('global')", async () => {
    const store = create(2, 2);
    await store.open(record('alice'));
    await store.open(record('bob'));
    expect(await store.open(record('carol'))).toEqual({ refused: 'global', retryAfterMs: expect.any(Number) });
  });

  it('opens sessions under fresh random ids, and gives their record back to the principal that opened them', async () => {
    const store = create(10);
    const ids = [idOf(await store.open(record('alice'))), idOf(await store.open(record('alice', true))), idOf(await store.open(record('bob')))];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(await store.touch(ids[0]!, 'alice')).toMatchObject(record('alice'));
    expect(await store.touch(ids[1]!, 'alice')).toMatchObject(record('alice', true));
  });

  it("answers another principal's id exactly like an unknown one", async () => {
    const store = create(10);
    const id = idOf(await store.open(record('alice')))!;
    expect(await store.touch(id, 'mallory')).toBeUndefined();
    expect(await store.touch('7d2f0b1e-0000-4000-8000-000000000000', 'mallory')).toBeUndefined();
    expect(await store.touch(id, 'alice')).toMatchObject(record('alice'));
  });

  it('refuses a session beyond maxSessions, and opens one again once a session closed', async () => {
    const store = create(2);
    const first = idOf(await store.open(record('alice')))!;
    await store.open(record('bob'));
    expect(idOf(await store.open(record('carol')))).toBeUndefined();
    await store.close(first, 'alice');
    expect(await store.touch(first, 'alice')).toBeUndefined();
    expect(idOf(await store.open(record('carol')))).toMatch(UUID);
  });
});

describe('MemorySessionStore idle expiry', () => {
  afterEach(() => jest.useRealTimers());

  it('forgets sessions last used before the cutoff; a touch by the owner (only) keeps one alive', () => {
    jest.useFakeTimers({ now: 2_000_000 });
    const store = new MemorySessionStore(caps(2));
    const idle = idOf(store.open(record('alice')) as SessionOpening)!;
    const used = idOf(store.open(record('bob')) as SessionOpening)!;
    jest.setSystemTime(2_060_000);
    expect(store.touch(used, 'bob')).toMatchObject(record('bob'));
    expect(store.touch(idle, 'mallory')).toBeUndefined(); // not a use of alice's session
    store.expireBefore(2_030_000);
    expect(store.touch(idle, 'alice')).toBeUndefined();
    expect(store.touch(used, 'bob')).toMatchObject(record('bob'));
    expect(idOf(store.open(record('carol')))).toMatch(UUID); // the expired session no longer counts
  });

  it('answers synchronously (the fast path relies on it) and forgets everything at shutdown', () => {
    const store = new MemorySessionStore(caps(5));
    const id = idOf(store.open(record('alice')));
    expect(typeof id).toBe('string');
    store.shutdown();
    expect(store.touch(id!, 'alice')).toBeUndefined();
  });
});

describe('RedisSessionStore across replicas', () => {
  it('lets every replica serve a session, to its principal only, under one shared cap', async () => {
    const prefix = `${PREFIX}shared:`;
    const [first, second] = [redisStore(2, 60_000, prefix), redisStore(2, 60_000, prefix)];
    const id = idOf(await first.open(record('alice')))!;
    expect(await second.touch(id, 'alice')).toMatchObject(record('alice'));
    expect(await second.touch(id, 'mallory')).toBeUndefined();
    await second.open(record('bob'));
    expect(idOf(await first.open(record('carol')))).toBeUndefined();
    await second.close(id, 'alice');
    expect(await first.touch(id, 'alice')).toBeUndefined();
    expect(idOf(await first.open(record('carol')))).toMatch(UUID);
  });

  it('lets Redis expire a session left idle, which then no longer counts toward the cap', async () => {
    const prefix = `${PREFIX}idle:`;
    const store = redisStore(1, 200, prefix);
    const id = idOf(await store.open(record('alice')))!;
    expect(idOf(await store.open(record('bob')))).toBeUndefined();
    await until(async () => (await redis.exists(`${prefix}session:${id}`)) === 0, 'Redis to expire the idle session');
    expect(await store.touch(id, 'alice')).toBeUndefined();
    await until(async () => idOf(await store.open(record('bob'))) !== undefined, 'the cap to count the expired session out');
  });

  it('rejects (so the gateway can answer 503) when Redis cannot take the command', async () => {
    const offline = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const store = new RedisSessionStore(offline, `${PREFIX}offline:`, caps(5));
    await expect(store.open(record('alice'))).rejects.toThrow();
    await expect(store.touch('7d2f0b1e-0000-4000-8000-000000000000', 'alice')).rejects.toThrow();
    offline.disconnect();
  });
});
