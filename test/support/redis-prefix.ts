import Redis from 'ioredis';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Deletes every key a test run wrote under its own prefix on the machine's Redis. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
