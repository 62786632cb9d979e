/** Base of every error the pools library raises about its own pools (configuration, startup). */
export class PoolError extends Error {
  override name = 'PoolError';
}

/** A pool could not be set up at bootstrap (unreachable server, duplicate name). */
export class PoolStartupError extends PoolError {
  override name = 'PoolStartupError';
}
