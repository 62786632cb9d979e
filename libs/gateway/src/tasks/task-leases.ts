import type { Pool } from 'pg';
import { notifySql, type TaskEvents } from './task-events';
import type { TaskStatus } from './task.constants';
import { rowOf } from './task-store';
import type { TaskError, TaskRow } from './task.types';

const ACTIVE = `status IN ('working', 'input_required')`;
const MS = `* interval '1 millisecond'`;

/** What a renewal learns of one task this replica runs. */
export interface Renewal {
  id: string;
  status: TaskStatus;
  renewed: boolean;
  /** The task's answers, for a run waiting on some. */
  answers: Record<string, unknown> | null;
}

/**
 * The writes of the replicas that run tasks. A run's writes all hold on `lease_owner = this
 * replica` and an active status, so a replica that lost a task (its lease ran out and another
 * one took it, or the client cancelled it) can no longer change it. The sweeps take rows with
 * `FOR UPDATE SKIP LOCKED` and a conditional claim, so two replicas never take the same one.
 */
export class TaskLeases {
  constructor(
    private readonly pool: Pool,
    private readonly gateway: string,
    private readonly events: TaskEvents,
  ) {}

  private get owner(): string {
    return this.events.origin;
  }

  /** A progress message, as the task's `statusMessage`. */
  async progress(id: string, message: string): Promise<void> {
    await this.changed(id, `UPDATE skillnest_tasks SET status_message = $3, updated_at = now() WHERE id = $1 AND lease_owner = $2 AND ${ACTIVE} RETURNING id`, [message]);
  }

  /** One more input request outstanding: the task waits for input. */
  async ask(id: string, key: string, request: object, message: string): Promise<void> {
    await this.changed(
      id,
      `UPDATE skillnest_tasks SET input_requests = input_requests || jsonb_build_object($3::text, $4::jsonb), status = 'input_required', status_message = $5, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND ${ACTIVE} RETURNING id`,
      [key, JSON.stringify(request), message],
    );
  }

  /** The run ended: its outcome, and the lease given up. False when this replica no longer held the task. */
  async finish(id: string, status: TaskStatus, outcome: { result?: object; error?: TaskError; message?: string }): Promise<boolean> {
    return this.changed(
      id,
      `UPDATE skillnest_tasks SET status = $3, result = $4::jsonb, error = $5::jsonb, status_message = $6, input_requests = '{}', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND ${ACTIVE} RETURNING id`,
      [status, outcome.result ? JSON.stringify(outcome.result) : null, outcome.error ? JSON.stringify(outcome.error) : null, outcome.message ?? null],
    );
  }

  /** Gives a running task up at once (shutdown), for another replica to run again. */
  async release(id: string): Promise<void> {
    await this.pool.query(`UPDATE skillnest_tasks SET lease_owner = NULL, lease_expires_at = now() WHERE id = $1 AND lease_owner = $2 AND ${ACTIVE}`, [id, this.owner]);
  }

  /** Renews the leases of the tasks this replica runs, and says what became of each (answers included for `parked` ones). */
  async renew(ids: string[], parked: string[], leaseMs: number): Promise<Renewal[]> {
    const { rows } = await this.pool.query<Renewal>(
      `WITH r AS (UPDATE skillnest_tasks SET lease_expires_at = now() + $3::int ${MS} WHERE id = ANY($1) AND lease_owner = $2 AND ${ACTIVE} RETURNING id)
       SELECT t.id, t.status, EXISTS (SELECT 1 FROM r WHERE r.id = t.id) AS renewed, CASE WHEN t.id = ANY($4) THEN t.answers END AS answers
       FROM skillnest_tasks t WHERE t.id = ANY($1)`,
      [ids, this.owner, leaseMs, parked],
    );
    return rows;
  }

  async answersOf(id: string): Promise<Record<string, unknown>> {
    const { rows } = await this.pool.query<{ answers: Record<string, unknown> }>('SELECT answers FROM skillnest_tasks WHERE id = $1 AND lease_owner = $2', [id, this.owner]);
    return rows[0]?.answers ?? {};
  }

  /**
   * Fails running tasks whose lease ran out and that may not (or may no more) run again: a JSON-RPC
   * internal error, `message` a `format()` pattern given the runs made. Returns their ids.
   */
  async failLost(batch: number, maxAttempts: number, message: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH lost AS (SELECT id FROM skillnest_tasks WHERE gateway = $1 AND ${ACTIVE} AND lease_expires_at < now() AND (NOT rerunnable OR attempts >= $2)
                     ORDER BY lease_expires_at LIMIT $3 FOR UPDATE SKIP LOCKED),
         u AS (UPDATE skillnest_tasks s SET status = 'failed', status_message = format($4, s.attempts), input_requests = '{}', lease_owner = NULL, lease_expires_at = NULL,
                 error = jsonb_build_object('code', -32603, 'message', format($4, s.attempts), 'data', jsonb_build_object('reason', 'task_lost', 'attempts', s.attempts)),
                 updated_at = now()
               FROM lost WHERE s.id = lost.id RETURNING s.id)
       SELECT id, ${notifySql('id', 'changed', '$5')} FROM u`,
      [this.gateway, maxAttempts, batch, message, this.owner],
    );
    for (const row of rows) this.events.local(row.id, 'changed');
    return rows.map((row) => row.id);
  }

  /** Takes over running tasks whose lease ran out and that may run again (`message` a `format()` pattern given the run number): this replica runs them now. */
  async claimLost(batch: number, maxAttempts: number, leaseMs: number, message: string): Promise<TaskRow[]> {
    const { rows } = await this.pool.query<TaskRow>(
      `WITH lost AS (SELECT id FROM skillnest_tasks WHERE gateway = $1 AND ${ACTIVE} AND lease_expires_at < now() AND rerunnable AND attempts < $2
                     ORDER BY lease_expires_at LIMIT $3 FOR UPDATE SKIP LOCKED),
         u AS (UPDATE skillnest_tasks s SET lease_owner = $4, lease_expires_at = now() + $5::int ${MS}, attempts = s.attempts + 1, status = 'working', input_requests = '{}',
                 status_message = format($6, s.attempts + 1), updated_at = now()
               FROM lost WHERE s.id = lost.id RETURNING s.*)
       SELECT u.*, ${notifySql('u.id', 'changed', '$4')} AS notified FROM u`,
      [this.gateway, maxAttempts, batch, this.owner, leaseMs, message],
    );
    for (const row of rows) this.events.local(row.id, 'changed');
    return rows.map(rowOf);
  }

  /** Deletes rows past their time to live (whatever their status), at most `batch`. Returns how many. */
  async deleteExpired(batch: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM skillnest_tasks WHERE id IN (SELECT id FROM skillnest_tasks WHERE expires_at < now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)',
      [batch],
    );
    return rowCount ?? 0;
  }

  /** Runs an UPDATE of one task (`$1` its id, `$2` this replica) that announces itself; true when it changed the row. */
  private async changed(id: string, update: string, params: unknown[]): Promise<boolean> {
    const { rows } = await this.pool.query<{ changed: number }>(
      `WITH u AS (${update}), n AS (SELECT ${notifySql('u.id', 'changed', '$2')} FROM u) SELECT (SELECT count(*) FROM n)::int AS changed`,
      [id, this.owner, ...params],
    );
    if (rows[0].changed === 0) return false;
    this.events.local(id, 'changed');
    return true;
  }
}
