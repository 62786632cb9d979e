import { errors } from 'undici';
import { PoolsMessages } from '../pools.messages';
import type { HTTP_POOL_DEFAULTS } from './http-pool.options';
import { UpstreamError } from './upstream.error';

type Limits = { -readonly [K in keyof typeof HTTP_POOL_DEFAULTS]: number };

/**
 * Turns an undici failure into an `UpstreamError` the caller can read. `deadline` says whether the
 * request's own signal fired first: its total time ran out, or the caller cancelled.
 */
export function toUpstreamError(name: string, error: unknown, limits: Limits, deadline?: { expired: boolean; cancelled: boolean }): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (deadline?.expired) return new UpstreamError(PoolsMessages.upstreamTimeout(name, 'the whole request', limits.requestTimeoutMs), 'timeout');
  if (deadline?.cancelled) return new UpstreamError(PoolsMessages.upstreamCancelled(name), 'cancelled');
  const code = (error as { code?: string })?.code;
  if (error instanceof errors.HeadersTimeoutError) {
    return new UpstreamError(PoolsMessages.upstreamTimeout(name, 'waiting for response headers', limits.headersTimeoutMs), 'timeout');
  }
  if (error instanceof errors.BodyTimeoutError) {
    return new UpstreamError(PoolsMessages.upstreamTimeout(name, 'reading the response body', limits.bodyTimeoutMs), 'timeout');
  }
  if (error instanceof errors.ConnectTimeoutError) {
    return new UpstreamError(PoolsMessages.upstreamTimeout(name, 'connecting', limits.connectTimeoutMs), 'timeout');
  }
  if (error instanceof errors.ResponseExceededMaxSizeError) {
    return new UpstreamError(PoolsMessages.upstreamTooLarge(name, limits.maxResponseBytes), 'too_large');
  }
  if (error instanceof errors.RequestAbortedError || (error as Error)?.name === 'AbortError') {
    return new UpstreamError(PoolsMessages.upstreamCancelled(name), 'cancelled');
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'EAI_AGAIN') {
    return new UpstreamError(PoolsMessages.upstreamUnreachable(name), 'unreachable');
  }
  return new UpstreamError(PoolsMessages.upstreamReset(name), 'reset');
}
