/** A value, or a promise of one: what an answer that is usually synchronous returns. */
export type MaybePromise<T> = T | Promise<T>;

/** Whether a value is a promise (or any thenable) rather than the value itself. */
export function isThenable<T>(value: MaybePromise<T>): value is Promise<T>;
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T>;
export function isThenable(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}
