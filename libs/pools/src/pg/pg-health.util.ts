import type { PoolHealthReason } from '../health/pool-health.error';

// Socket-level codes of a server nobody can reach; SQLSTATE class 08 is a connection exception.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const TIMEOUT_MESSAGES = /timeout exceeded when trying to connect|Query read timeout|no answer within/i;

/**
 * The readiness reason of a failed PostgreSQL ping. Duck-typed (code, message), not `instanceof`:
 * a socket error can come from another realm, and an AggregateError of a dual-stack connect has
 * only its code.
 */
export function pgHealthReason(error: unknown): PoolHealthReason {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return 'unreachable';
  if ((typeof code === 'string' && TIMEOUT_CODES.has(code)) || (typeof message === 'string' && TIMEOUT_MESSAGES.test(message))) return 'timeout';
  return 'unavailable';
}
