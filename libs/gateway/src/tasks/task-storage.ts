import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ProtocolError } from '@modelcontextprotocol/server';
import { applyMigrations, getPgPoolHostToken, type PgPoolHost } from '@skillnest/pools';
import type { ToolDefinition } from '@skillnest/skills';
import { describeCause } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewaySkills } from '../mcp/gateway-skills';
import { TaskEvents, type TaskEvent } from './task-events';
import { TaskLeases } from './task-leases';
import { TASK_MIGRATIONS } from './task-migrations';
import type { TaskStatus } from './task.constants';
import { toolTaskSettings, type TaskSettings, type ToolTaskSettings } from './task-settings';
import { TaskStore } from './task-store';
import { TasksMessages } from './tasks.messages';

/** The task store cannot be reached (not migrated yet, or a query failed): answered "unavailable", never with its cause. */
export class TaskStoreUnavailableError extends Error {}

const MIGRATION_RETRY_MS = 5_000;

/**
 * Where one gateway keeps its tasks: the PostgreSQL pool named by `tasks.pool`, found at bootstrap
 * only when a tool of the gateway runs as a task (an app without task tools needs no database for
 * them), its table created by the gateway's own migration, and this replica's name in leases and
 * events. A pool that is not up yet (`onStartupFailure: 'retry'`) is migrated once it is; until
 * then tasks are refused as unavailable.
 */
@Injectable()
export class TaskStorage implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tasks');
  readonly settings: TaskSettings;
  /** This replica, in leases and events: host, process and a random part (a restarted process is another replica). */
  readonly origin = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private parts?: { store: TaskStore; leases: TaskLeases; events: TaskEvents; host: PgPoolHost };
  private available = false;
  /** Listeners given before the store is up (providers bootstrap in any order): attached when it is. */
  private readonly listeners: Array<(event: TaskEvent) => void> = [];
  private readonly toolSettings = new WeakMap<ToolDefinition, ToolTaskSettings>();

  constructor(
    private readonly config: GatewayConfig,
    private readonly skills: GatewaySkills,
    private readonly moduleRef: ModuleRef,
  ) {
    this.settings = config.tasks;
  }

  /** The tools of this gateway that run as tasks. */
  taskTools(): ToolDefinition[] {
    return this.skills.tools().filter((tool) => tool.options.task !== undefined);
  }

  /** Whether this gateway serves tasks at all (then it advertises the extension and answers `tasks/*`): known once the skills are explored. */
  get enabled(): boolean {
    return this.taskTools().length > 0;
  }

  /** How `tool` runs as a task, or undefined when it never does. */
  settingsOf(tool: ToolDefinition): ToolTaskSettings | undefined {
    if (tool.options.task === undefined) return undefined;
    let settings = this.toolSettings.get(tool);
    if (!settings) this.toolSettings.set(tool, (settings = toolTaskSettings(tool, this.settings)!));
    return settings;
  }

  async onApplicationBootstrap(): Promise<void> {
    const tools = this.taskTools();
    if (tools.length === 0) return;
    for (const tool of tools) toolTaskSettings(tool, this.settings);
    let host: PgPoolHost;
    try {
      host = this.moduleRef.get<PgPoolHost>(getPgPoolHostToken(this.settings.pool), { strict: false });
    } catch {
      throw new GatewayConfigError(
        TasksMessages.noPool(
          this.settings.pool,
          tools.map((tool) => tool.name),
        ),
      );
    }
    const events = new TaskEvents(host.pool, this.origin);
    this.parts = { host, events, store: new TaskStore(host.pool, this.config.path, this.settings, events), leases: new TaskLeases(host.pool, this.config.path, events) };
    for (const listener of this.listeners) events.on(listener);
    await this.migrate();
    if (!host.embeddedEngine) await events.listen();
  }

  get store(): TaskStore {
    return this.part('store');
  }
  get leases(): TaskLeases {
    return this.part('leases');
  }
  get events(): TaskEvents {
    return this.part('events');
  }

  /** Runs `work` against the store; a failure of the store itself is logged (never answered: it may quote SQL) and becomes `TaskStoreUnavailableError`. */
  async guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // Its own refusals (a task not found) are answers, not failures of the store.
      if (error instanceof TaskStoreUnavailableError || error instanceof ProtocolError) throw error;
      this.logger.warn(TasksMessages.storageFailedLog(what, describeCause(error)));
      throw new TaskStoreUnavailableError(TasksMessages.storageUnavailable());
    }
  }

  /** How many unexpired tasks of this gateway are in each status (metrics: one grouped count, the caller throttles it). */
  async statusCounts(): Promise<Array<{ status: TaskStatus; count: number }>> {
    if (!this.parts || !this.available) throw new TaskStoreUnavailableError(TasksMessages.storageUnavailable());
    const sql = 'SELECT status, count(*)::int AS count FROM skillnest_tasks WHERE gateway = $1 AND expires_at > now() GROUP BY status';
    return (await this.parts.host.pool.query<{ status: TaskStatus; count: number }>(sql, [this.config.path])).rows;
  }

  /** Listens to every task event (this replica's and the others'), from when the store is up. */
  onEvents(listener: (event: TaskEvent) => void): void {
    this.listeners.push(listener);
    this.parts?.events.on(listener);
  }

  async close(): Promise<void> {
    await this.parts?.events.stop();
  }

  private part<K extends 'store' | 'leases' | 'events'>(key: K): NonNullable<TaskStorage['parts']>[K] {
    if (!this.parts || !this.available) throw new TaskStoreUnavailableError(TasksMessages.storageUnavailable());
    return this.parts[key];
  }

  private async migrate(): Promise<void> {
    try {
      const applied = await applyMigrations(this.parts!.host.pool, TASK_MIGRATIONS);
      if (applied.length) this.logger.log(`Applied the task store's migrations to pool "${this.settings.pool}": ${applied.join(', ')}`);
      this.available = true;
    } catch (error) {
      this.logger.warn(TasksMessages.storageFailedLog('creating the task table', describeCause(error)));
      setTimeout(() => void this.migrate(), MIGRATION_RETRY_MS).unref();
    }
  }
}
