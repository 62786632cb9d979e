import { randomUUID } from 'node:crypto';
import type { SessionRecord, SessionStore } from './session-store';

interface Entry extends SessionRecord {
  lastSeen: number;
}

/**
 * Legacy sessions of one process: a few hundred bytes each (principal, flags, `initialize`),
 * where a live session holds an SDK server and transport. Synchronous, so the fast path can
 * serve a session's stateless traffic without a promise.
 */
export class MemorySessionStore implements SessionStore {
  readonly synchronous = true;
  private readonly sessions = new Map<string, Entry>();

  constructor(private readonly maxSessions: number) {}

  get size(): number {
    return this.sessions.size;
  }

  open(record: SessionRecord): string | undefined {
    if (this.sessions.size >= this.maxSessions) return undefined;
    const id = randomUUID();
    this.sessions.set(id, { ...record, lastSeen: Date.now() });
    return id;
  }

  touch(id: string, principal: string): SessionRecord | undefined {
    const session = this.sessions.get(id);
    if (!session || session.principal !== principal) return undefined;
    session.lastSeen = Date.now();
    return session;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  expireBefore(cutoff: number): void {
    for (const [id, session] of this.sessions) if (session.lastSeen < cutoff) this.sessions.delete(id);
  }

  shutdown(): void {
    this.sessions.clear();
  }
}
