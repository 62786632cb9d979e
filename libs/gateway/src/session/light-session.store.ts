import { randomUUID } from 'node:crypto';

/**
 * A session that needs no server-to-client traffic (the client declared neither elicitation,
 * sampling nor roots): just who opened it, when it was last used and its `initialize`, replayed
 * to build a live session if the client later opens the GET stream or subscribes. A few hundred
 * bytes, where a live session holds an SDK server and transport.
 */
export interface LightSession {
  principal: string;
  lastSeen: number;
  init: unknown;
}

/** The light sessions of one gateway: registered, looked up for their principal, expired. */
export class LightSessionStore {
  private readonly sessions = new Map<string, LightSession>();

  get size(): number {
    return this.sessions.size;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  /** The session when it belongs to `principal`, touched; undefined otherwise (no oracle either way). */
  touch(id: string, principal: string): LightSession | undefined {
    const session = this.sessions.get(id);
    if (!session || session.principal !== principal) return undefined;
    session.lastSeen = Date.now();
    return session;
  }

  register(principal: string, init: unknown): string {
    const id = randomUUID();
    this.sessions.set(id, { principal, lastSeen: Date.now(), init });
    return id;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  expireBefore(cutoff: number): void {
    for (const [id, session] of this.sessions) if (session.lastSeen < cutoff) this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }
}
