import { Logger } from '@nestjs/common';
import { Client, type Pool } from 'pg';
import { describeCause } from '@skillnest/skills/internal';
import { TASKS_CHANNEL } from './task.constants';
import { TasksMessages } from './tasks.messages';

/** What happened to a task: its state changed, it was cancelled, or the client answered its input requests. */
export interface TaskEvent {
  readonly id: string;
  readonly kind: 'changed' | 'cancel' | 'answers';
  /** The replica whose write it was. */
  readonly from: string;
}

/** The SQL that announces an event from inside the statement that made the change: sent only if it commits. */
export const notifySql = (idColumn: string, kind: TaskEvent['kind'], originParam: string) =>
  `pg_notify('${TASKS_CHANNEL}', json_build_object('id', ${idColumn}, 'kind', '${kind}', 'from', ${originParam}::text)::text)`;

const RECONNECT_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Task events for every replica: what this replica writes is delivered here at once, what the
 * others write arrives by PostgreSQL LISTEN/NOTIFY on one connection of its own. PostgreSQL rather
 * than Redis because tasks live there: the NOTIFY is part of the statement that changes the row,
 * so it is sent exactly when the change commits and never describes a state a reader cannot see;
 * and the embedded default has no Redis. A lost LISTEN connection is reopened with backoff; the
 * lease renewals read cancellations and answers meanwhile, so nothing waits on a lost event
 * longer than a renewal. The embedded engine serves one process (its connections share one
 * backend, so a NOTIFY cannot reach another connection): it needs no LISTEN.
 */
export class TaskEvents {
  private readonly logger = new Logger('Tasks');
  private readonly listeners = new Set<(event: TaskEvent) => void>();
  private client?: Client;
  private stopped = false;
  private failures = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    /** This replica's name in events and leases. */
    readonly origin: string,
  ) {}

  on(listener: (event: TaskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An event of this replica's own write, delivered here without a round trip. */
  local(id: string, kind: TaskEvent['kind']): void {
    this.deliver({ id, kind, from: this.origin });
  }

  async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.pool.options);
    client.on('error', () => undefined);
    client.on('notification', (message) => this.received(message.payload));
    client.on('end', () => {
      if (this.client === client) this.lost('connection closed');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${TASKS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      return this.lost(describeCause(error));
    }
    if (this.failures > 0) this.logger.log(TasksMessages.listenerBack());
    this.failures = 0;
    this.client = client;
    if (this.stopped) await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private lost(cause: string): void {
    this.client = undefined;
    if (this.stopped) return;
    if (this.failures++ === 0) this.logger.warn(TasksMessages.listenerLost(cause));
    this.timer = setTimeout(() => void this.listen(), RECONNECT_MS[Math.min(this.failures - 1, RECONNECT_MS.length - 1)]);
    this.timer.unref();
  }

  private received(payload: string | undefined): void {
    try {
      const event = JSON.parse(payload ?? '') as TaskEvent;
      // This replica's own writes were delivered when they were made.
      if (typeof event.id === 'string' && event.from !== this.origin) this.deliver(event);
    } catch {
      // Not an event of ours: nothing to do.
    }
  }

  private deliver(event: TaskEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the others still hear the event.
      }
    }
  }
}
