import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, type Dispatcher } from 'undici';
import type { ManagedPool, PoolDirectory } from '../pool-directory';
import type { HttpPoolStats } from '../pool-stats';
import { PoolsMessages } from '../pools.messages';
import { PoolStartupError } from '../errors/pool.error';
import { withTimeout } from '../with-timeout.util';
import { HTTP_POOL_DEFAULTS, type HttpPoolOptions } from './http-pool.options';
import { RequestDeadline } from './request-deadline';
import { toUpstreamError } from './upstream-error.mapper';
import { UpstreamError } from './upstream.error';

/** One upstream request. `path` may carry a query string; `json` is sent as the body. */
export interface UpstreamRequest {
  method?: Dispatcher.HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
  /** Pass the skill's `ctx.signal` so a cancelled call (or the server's drain deadline) stops the upstream request too. */
  signal?: AbortSignal;
}

export interface UpstreamResponse<T> {
  status: number;
  body: T;
}

/**
 * A keep-alive connection pool to one upstream (undici), with bounded connect, header and body
 * times, a total time per request and a response size cap. Every failure surfaces as an `UpstreamError` that names the
 * upstream, so a skill can let it propagate and the caller reads a clear `isError`.
 */
export class HttpPool implements ManagedPool, OnApplicationShutdown {
  readonly kind = 'http' as const;
  readonly name: string;
  private readonly pool?: Pool;
  private readonly limits: { -readonly [K in keyof typeof HTTP_POOL_DEFAULTS]: number };
  private readonly logger = new Logger('HttpPool');
  /** Failed requests by reason, for `stats()`: a handful of keys, the `UpstreamError` reasons. */
  private readonly failures: Record<string, number> = {};

  constructor(
    private readonly options: HttpPoolOptions,
    private readonly directory: PoolDirectory,
  ) {
    this.name = options.name;
    this.limits = { ...HTTP_POOL_DEFAULTS };
    for (const key of Object.keys(HTTP_POOL_DEFAULTS) as Array<keyof typeof HTTP_POOL_DEFAULTS>) {
      const value = options[key];
      if (value === undefined) continue;
      // A typo in a setting fails the bootstrap, rather than leaving a limit that never fires.
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && key !== 'drainTimeoutMs')) {
        throw new PoolStartupError(PoolsMessages.httpPoolBadLimit(this.name, key, value));
      }
      this.limits[key] = value;
    }
    if (options.origin) {
      this.pool = new Pool(options.origin, {
        connections: this.limits.connections,
        connectTimeout: this.limits.connectTimeoutMs,
        headersTimeout: this.limits.headersTimeoutMs,
        bodyTimeout: this.limits.bodyTimeoutMs,
        maxResponseSize: this.limits.maxResponseBytes,
      });
      // Socket-level failures also surface on the request; this keeps them from crashing the process.
      this.pool.on('connectionError', () => undefined);
      this.logger.log(PoolsMessages.httpPoolReady(this.name, this.limits.connections));
    }
    directory.register(this);
  }

  /** Sends a request and parses a JSON answer. Non-2xx answers throw an `UpstreamError` with the status. */
  async requestJson<T = unknown>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const pool = this.requirePool();
    const query = Object.entries(request.query ?? {}).filter(([, value]) => value !== undefined);
    const path = query.length ? `${request.path}?${new URLSearchParams(query.map(([key, value]) => [key, String(value)]))}` : request.path;
    const deadline = new RequestDeadline(this.limits.requestTimeoutMs, request.signal);
    let response: Dispatcher.ResponseData;
    try {
      response = await deadline.race(
        pool.request({
          method: request.method ?? 'GET',
          path,
          headers: {
            accept: 'application/json',
            ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}),
            ...request.headers,
            ...this.options.defaultHeaders,
          },
          body: request.json !== undefined ? JSON.stringify(request.json) : undefined,
          signal: deadline.signal,
        }),
      );
    } catch (error) {
      throw this.failed(toUpstreamError(this.name, error, this.limits, deadline));
    }
    let text: string;
    try {
      text = await deadline.race(response.body.text());
    } catch (error) {
      // Cut short (the deadline), the body is dropped with its connection rather than read to the end.
      response.body.destroy();
      throw this.failed(toUpstreamError(this.name, error, this.limits, deadline));
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw this.failed(new UpstreamError(PoolsMessages.upstreamStatus(this.name, response.statusCode), 'status', response.statusCode));
    }
    try {
      return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
    } catch {
      throw this.failed(new UpstreamError(PoolsMessages.upstreamBadBody(this.name), 'bad_body'));
    }
  }

  /** The pool's connections and requests right now (undici's `Pool.stats`) and its failed requests since it started. */
  stats(): HttpPoolStats {
    const stats = this.pool?.stats;
    const { connected = 0, free = 0, pending = 0, queued = 0, running = 0 } = stats ?? {};
    return { kind: 'http', name: this.name, configured: this.pool !== undefined, connected, free, pending, queued, running, errors: { ...this.failures } };
  }

  async ping(): Promise<void | string> {
    // An upstream is checked by use, not probed on every readiness check: a flaky dependency
    // must not take every replica out of the load balancer at once. Unconfigured is degraded:
    // the skills that need it answer with a clear error, the rest of the app serves.
    if (!this.pool) return 'not configured';
  }

  /** Waits for requests in flight until the drain deadline (counted from the start of shutdown), then aborts them. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.pool) return;
    const ms = this.limits.drainTimeoutMs;
    await withTimeout(this.pool.close(), this.directory.shutdownTimeLeft(ms), 'drain timeout').catch(async () => {
      this.logger.warn(PoolsMessages.drainTimedOut('HTTP', this.name, ms));
      // Fails every request still running or queued, so no caller waits on a pool that is gone.
      await this.pool!.destroy();
    });
  }

  private failed(error: UpstreamError): UpstreamError {
    this.failures[error.reason] = (this.failures[error.reason] ?? 0) + 1;
    return error;
  }

  private requirePool(): Pool {
    if (!this.pool) throw new UpstreamError(PoolsMessages.httpPoolUnconfigured(this.name, this.options.originSetting ?? 'the pool origin'), 'unconfigured');
    return this.pool;
  }
}
