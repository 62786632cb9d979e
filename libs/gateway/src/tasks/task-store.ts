import type { Pool, PoolClient } from 'pg';
import type { SkillCaller, SkillClient } from '@skillnest/skills';
import { notifySql, type TaskEvents } from './task-events';
import type { TaskStatus } from './task.constants';
import type { TaskCapRefusal, TaskError, TaskRow } from './task.types';
import type { TaskSettings } from './task-settings';
import { TasksMessages } from './tasks.messages';

/** A task to create: who asked for what, how it starts, how long it is kept. */
export interface NewTask {
  id: string;
  principal: string;
  tool: string;
  args: unknown;
  caller: SkillCaller;
  client: SkillClient;
  status: TaskStatus;
  statusMessage?: string;
  result?: Record<string, unknown>;
  error?: TaskError;
  answers: Record<string, unknown>;
  rerunnable: boolean;
  ttlMs: number;
  pollIntervalMs: number;
}

const ACTIVE = `status IN ('working', 'input_required')`;

/** A row with its bigint read back as the number it is. */
export const rowOf = (row: TaskRow): TaskRow => ({ ...row, ttl_ms: Number(row.ttl_ms) });

/**
 * The task rows as clients reach them: created (within the caps), read, answered and cancelled,
 * always by the principal that created them: another caller's id is not found, exactly like an
 * unknown one. Every change announces itself in the statement that makes it (`TaskEvents`).
 */
export class TaskStore {
  constructor(
    private readonly pool: Pool,
    private readonly gateway: string,
    private readonly settings: TaskSettings,
    private readonly events: TaskEvents,
  ) {}

  /**
   * Inserts the task, committed before this resolves (a `tasks/get` anywhere finds it from then on),
   * unless a cap refuses it. The caller's own caps are exact (its creations queue on an advisory
   * lock); the gateway-wide one may be passed by the creations racing it from other callers. The
   * caps are checked in the INSERT itself, counting no further than each cap, so a creation costs
   * the same however many tasks are kept.
   */
  async create(task: NewTask, leaseOwner: string): Promise<TaskRow | TaskCapRefusal> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`skillnest_tasks:${this.gateway}:${task.principal}`]);
      const running = task.status === 'working' || task.status === 'input_required';
      const { maxActivePerPrincipal, maxStoredPerPrincipal, maxActive } = this.settings;
      const { rows } = await client.query<TaskRow>(
        `INSERT INTO skillnest_tasks (id, gateway, principal, tool, arguments, caller, client, status, status_message, result, error, answers, rerunnable,
           lease_owner, lease_expires_at, ttl_ms, poll_interval_ms, expires_at)
         SELECT $1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, $10::jsonb, $17::jsonb, $11::jsonb, $12, $13,
           CASE WHEN $13::text IS NULL THEN NULL ELSE now() + $14::int * interval '1 millisecond' END, $15::bigint, $16::int, now() + $15::bigint * interval '1 millisecond'
         WHERE ${bounded(`principal = $3 AND expires_at > now()`, '$19')} < $19
           AND (NOT $18 OR (${bounded(`principal = $3 AND ${ACTIVE}`, '$20')} < $20 AND ${bounded(ACTIVE, '$21')} < $21))
         RETURNING *`,
        [
          task.id,
          this.gateway,
          task.principal,
          task.tool,
          JSON.stringify(task.args ?? {}),
          JSON.stringify(task.caller),
          JSON.stringify(task.client),
          task.status,
          task.statusMessage ?? null,
          task.result === undefined ? null : JSON.stringify(task.result),
          JSON.stringify(task.answers),
          task.rerunnable,
          running ? leaseOwner : null,
          this.settings.leaseMs,
          task.ttlMs,
          task.pollIntervalMs,
          task.error === undefined ? null : JSON.stringify(task.error),
          running,
          maxStoredPerPrincipal,
          maxActivePerPrincipal,
          maxActive,
        ],
      );
      const created = rows[0] ? rowOf(rows[0]) : await this.refusal(client, task.principal, running);
      await client.query('COMMIT');
      return created;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The task, if it exists, has not expired and belongs to `principal`. */
  async find(id: string, principal: string): Promise<TaskRow | undefined> {
    const { rows } = await this.pool.query<TaskRow>('SELECT * FROM skillnest_tasks WHERE id = $1 AND gateway = $2 AND principal = $3 AND expires_at > now()', [
      id,
      this.gateway,
      principal,
    ]);
    return rows[0] ? rowOf(rows[0]) : undefined;
  }

  /** The tasks of `ids` that exist, have not expired and belong to `principal`. */
  async findMany(ids: string[], principal: string): Promise<TaskRow[]> {
    const { rows } = await this.pool.query<TaskRow>('SELECT * FROM skillnest_tasks WHERE id = ANY($1) AND gateway = $2 AND principal = $3 AND expires_at > now()', [
      ids,
      this.gateway,
      principal,
    ]);
    return rows.map(rowOf);
  }

  /**
   * Records the answers to requests still outstanding (any other key is ignored, as the spec asks);
   * the task is `working` again once none is left. False when the task is not found.
   */
  async answer(id: string, principal: string, responses: Record<string, unknown>): Promise<boolean> {
    const { rows } = await this.pool.query<{ found: number; changed: number }>(
      `WITH t AS (SELECT id, input_requests FROM skillnest_tasks WHERE id = $1 AND gateway = $2 AND principal = $3 AND expires_at > now() AND ${ACTIVE} FOR UPDATE),
         accepted AS (SELECT jsonb_object_agg(r.key, r.value) AS a FROM t, jsonb_each($4::jsonb) r WHERE t.input_requests ? r.key),
         u AS (
           UPDATE skillnest_tasks s SET answers = s.answers || accepted.a,
             input_requests = s.input_requests - ARRAY(SELECT jsonb_object_keys(accepted.a)),
             status = CASE WHEN s.input_requests - ARRAY(SELECT jsonb_object_keys(accepted.a)) = '{}'::jsonb THEN 'working' ELSE s.status END,
             updated_at = now()
           FROM accepted WHERE s.id = $1 AND accepted.a IS NOT NULL RETURNING s.id),
         n AS (SELECT ${notifySql('u.id', 'answers', '$5')} FROM u)
       SELECT (SELECT count(*) FROM skillnest_tasks WHERE id = $1 AND gateway = $2 AND principal = $3 AND expires_at > now())::int AS found,
              (SELECT count(*) FROM n)::int AS changed`,
      [id, this.gateway, principal, JSON.stringify(responses), this.events.origin],
    );
    if (rows[0].changed > 0) this.events.local(id, 'answers');
    return rows[0].found > 0;
  }

  /**
   * Cancels a running task at once (its runner hears of it and aborts the skill's signal); a
   * finished one is left as it is. False when the task is not found.
   */
  async cancel(id: string, principal: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ found: number; cancelled: number }>(
      `WITH u AS (
           UPDATE skillnest_tasks SET status = 'cancelled', status_message = $4, input_requests = '{}', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
           WHERE id = $1 AND gateway = $2 AND principal = $3 AND expires_at > now() AND ${ACTIVE} RETURNING id),
         n AS (SELECT ${notifySql('u.id', 'cancel', '$5')} FROM u)
       SELECT (SELECT count(*) FROM skillnest_tasks WHERE id = $1 AND gateway = $2 AND principal = $3 AND expires_at > now())::int AS found,
              (SELECT count(*) FROM n)::int AS cancelled`,
      [id, this.gateway, principal, TasksMessages.cancelledByClient(), this.events.origin],
    );
    if (rows[0].cancelled > 0) this.events.local(id, 'cancel');
    return rows[0].found > 0;
  }

  /** Which cap refused a creation (the rare path: counted again, no further than each cap). */
  private async refusal(client: PoolClient, principal: string, running: boolean): Promise<TaskCapRefusal> {
    const { maxActivePerPrincipal, maxStoredPerPrincipal, maxActive } = this.settings;
    const { rows } = await client.query<{ mine_active: number; mine_stored: number }>(
      `SELECT ${bounded(`principal = $2 AND ${ACTIVE}`, '$3', '$1')} AS mine_active, ${bounded('principal = $2 AND expires_at > now()', '$4', '$1')} AS mine_stored`,
      [this.gateway, principal, maxActivePerPrincipal, maxStoredPerPrincipal],
    );
    const counts = rows[0];
    if (running && counts.mine_active >= maxActivePerPrincipal)
      return cap('principal', TasksMessages.tooManyOwnActive(maxActivePerPrincipal), 'tasks.maxActivePerPrincipal', maxActivePerPrincipal, 5);
    if (counts.mine_stored >= maxStoredPerPrincipal)
      return cap('principal', TasksMessages.tooManyOwnStored(maxStoredPerPrincipal), 'tasks.maxStoredPerPrincipal', maxStoredPerPrincipal, 60);
    return cap('global', TasksMessages.tooManyActive(), 'tasks.maxActive', maxActive, 5);
  }
}

/** How many rows of this gateway (the `gateway` parameter) match `where`, counting no further than `limit` (a parameter). */
const bounded = (where: string, limit: string, gateway = '$2') =>
  `(SELECT count(*) FROM (SELECT 1 FROM skillnest_tasks WHERE gateway = ${gateway} AND ${where} LIMIT ${limit}) capped)::int`;

const cap = (scope: TaskCapRefusal['scope'], message: string, limit: string, max: number, retryAfterSec: number): TaskCapRefusal => ({
  refused: 'tasks',
  message,
  scope,
  limit,
  max,
  retryAfterSec,
});
