import { randomUUID } from 'node:crypto';
import type { SessionLimits } from '../config/session-limits';
import type { SessionOpening, SessionRecord, SessionStore } from './session-store';

interface Entry extends SessionRecord {
  lastSeen: number;
}

/**
 * Legacy sessions of one process: a few hundred bytes each (principal, flags, `initialize`),
 * where a live session holds an SDK server and transport. Synchronous, so the fast path can
 * serve a session's stateless traffic without a promise.
 *
 * Both maps are kept in order of last use (a touch moves an entry to the end), so the least
 * recently used session is always the first: expiry stops at the first one still fresh, and a
 * refusal says when a place frees up without scanning, whatever the number of sessions.
 */
export class MemorySessionStore implements SessionStore {
  readonly synchronous = true;
  private readonly sessions = new Map<string, Entry>();
  /** Each principal's sessions, for its fair share. */
  private readonly byPrincipal = new Map<string, Set<string>>();

  constructor(private readonly limits: Pick<SessionLimits, 'maxSessions' | 'maxSessionsPerPrincipal' | 'idleTimeoutMs'>) {}

  get size(): number {
    return this.sessions.size;
  }

  open(record: SessionRecord): SessionOpening {
    const now = Date.now();
    // Sessions idle past the timeout hold no place, even before the sweeper has run.
    this.expireBefore(now - this.limits.idleTimeoutMs);
    const own = this.byPrincipal.get(record.principal);
    if (own && own.size >= this.limits.maxSessionsPerPrincipal) return this.refusal('principal', own.values().next().value!, now);
    if (this.sessions.size >= this.limits.maxSessions) return this.refusal('global', this.sessions.keys().next().value!, now);
    const id = randomUUID();
    this.sessions.set(id, { ...record, lastSeen: now });
    if (own) own.add(id);
    else this.byPrincipal.set(record.principal, new Set([id]));
    return { id };
  }

  touch(id: string, principal: string): SessionRecord | undefined {
    const session = this.sessions.get(id);
    if (!session || session.principal !== principal) return undefined;
    session.lastSeen = Date.now();
    this.sessions.delete(id);
    this.sessions.set(id, session);
    const own = this.byPrincipal.get(principal)!;
    own.delete(id);
    own.add(id);
    return session;
  }

  close(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    const own = this.byPrincipal.get(session.principal);
    own?.delete(id);
    if (own?.size === 0) this.byPrincipal.delete(session.principal);
  }

  expireBefore(cutoff: number): void {
    for (const [id, session] of this.sessions) {
      if (session.lastSeen >= cutoff) return;
      this.close(id);
    }
  }

  shutdown(): void {
    this.sessions.clear();
    this.byPrincipal.clear();
  }

  private refusal(refused: 'principal' | 'global', leastRecent: string, now: number): SessionOpening {
    return { refused, retryAfterMs: this.sessions.get(leastRecent)!.lastSeen + this.limits.idleTimeoutMs - now };
  }
}
