import { describeCause, isErrorLike } from '@skillnest/skills/internal';
import type { PgPoolOptions } from './pg-pool.options';

/** `host:port` of the pool's server for messages: never the user, password or database. */
export function describePgTarget(options: PgPoolOptions): string {
  if (options.connectionString) {
    try {
      const url = new URL(options.connectionString);
      return `${url.hostname || 'localhost'}:${url.port || 5432}`;
    } catch {
      return 'the configured server';
    }
  }
  return `${options.host ?? 'localhost'}:${options.port ?? 5432}`;
}

/** A driver error as a short reason: its code and first line, redacted like every logged cause. */
export function describePgCause(error: unknown): string {
  if (!isErrorLike(error)) return 'unknown error';
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = describeCause(error).replace(/^[\w$]*Error: /, '');
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
