import type { MaybePromise } from '@skillnest/skills/internal';

/**
 * What every replica knows of a legacy session: who opened it, whether its client takes server
 * requests (elicitation, sampling, roots: then a live session serves it), and its `initialize`,
 * replayed to build a live session on whichever replica needs one.
 */
export interface SessionRecord {
  readonly principal: string;
  readonly serverRequests: boolean;
  readonly init: unknown;
}

/**
 * What became of an `open`: the new session's id, or which cap refused it (the principal's own
 * share, or the whole store) and in how many ms its least recently used session expires if
 * nobody uses it (the earliest a place frees up by itself).
 */
export type SessionOpening = { readonly id: string } | { readonly refused: 'principal' | 'global'; readonly retryAfterMs: number };

/**
 * Where legacy sessions are recorded: in process (one replica) or in Redis (any replica). A
 * session that nobody used for the idle timeout is gone; the caps (the whole store's, and each
 * principal's fair share of it) count every live record.
 * The memory store answers synchronously, which the fast path relies on; Redis answers with
 * promises, and the fast path leaves session traffic to the SDK path.
 */
export interface SessionStore {
  /** Whether answers are synchronous values (the in-process store). */
  readonly synchronous: boolean;
  /** How many sessions are open, when the store holds them in this process (metrics); undefined for a shared store. */
  readonly size?: number;
  /** A new session, unless its principal holds its share already or the store is full (both checked atomically). */
  open(record: SessionRecord): MaybePromise<SessionOpening>;
  /** The session when it exists and belongs to `principal` (its idle clock restarts); else undefined. */
  touch(id: string, principal: string): MaybePromise<SessionRecord | undefined>;
  close(id: string, principal: string): MaybePromise<void>;
  /** Forgets sessions idle since before `cutoff` (Redis expires them by itself). */
  expireBefore(cutoff: number): void;
  shutdown(): void;
}

/** The shared store could not be reached: nothing ran, so the client may retry anywhere (503). */
export class SessionStoreUnavailable extends Error {}

/** Whether a client's `initialize` declares capabilities that need server-to-client requests. */
export function declaresServerRequests(init: unknown): boolean {
  const capabilities = (init as { params?: { capabilities?: Record<string, unknown> } } | undefined)?.params?.capabilities ?? {};
  return Boolean(capabilities.elicitation || capabilities.sampling || capabilities.roots);
}
