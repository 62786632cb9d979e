import { Injectable } from '@nestjs/common';
import { CLIENT_CAPABILITIES_META_KEY, type McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { GatewayConfig } from '../config/gateway-config';
import { declaresTasks, TASKS_REQUIRED_CAPABILITIES } from './task.constants';
import { ownTaskStream, taskStream, type TaskWatcher } from './task-stream';
import { TaskStorage } from './task-storage';
import type { TaskRow } from './task.types';
import { TasksMessages } from './tasks.messages';

type Fetch = (request: Request, options?: McpHandlerRequestOptions) => Promise<Response>;
type ListenBody = { id?: unknown; method?: unknown; params?: { _meta?: Record<string, unknown>; notifications?: Record<string, unknown> & { taskIds?: unknown } } };

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const rpcError = (id: unknown, status: number, code: number, message: string, data?: unknown) =>
  Response.json({ jsonrpc: '2.0', id: id ?? null, error: { code, message, ...(data ? { data } : {}) } }, { status });

/**
 * `notifications/tasks` on `subscriptions/listen` streams (2026-07-28), which the SDK's listen
 * router does not know: a filter's `taskIds` are taken off before the SDK sees it (the SDK still
 * validates the request and acknowledges the rest), narrowed to the caller's own live tasks (an
 * unknown or foreign id is dropped, as the ack then shows), and each change of one of them, made
 * on any replica (`TaskEvents`), is sent as the `DetailedTask` `tasks/get` would answer then. A
 * stream that asks for nothing else is this gateway's own; one that asks for more is the SDK's
 * with the task notifications added. Requesting them without declaring the extension is -32021.
 */
@Injectable()
export class TaskListen {
  private readonly watchers = new Map<string, Set<TaskWatcher>>();
  private readonly own = new Set<TaskWatcher>();
  /** Reads of one task's state, one after another, so its notifications go out in order. */
  private readonly reads = new Map<string, Promise<void>>();
  private listening = false;

  constructor(
    private readonly storage: TaskStorage,
    private readonly config: GatewayConfig,
  ) {}

  async serve(request: Request, options: McpHandlerRequestOptions | undefined, next: Fetch): Promise<Response> {
    const body = options?.parsedBody as ListenBody | undefined;
    const notifications = body?.params?.notifications;
    if (!this.storage.enabled || body?.method !== 'subscriptions/listen' || notifications?.taskIds === undefined) return next(request, options);
    if (!declaresTasks(body.params?._meta?.[CLIENT_CAPABILITIES_META_KEY] as Record<string, unknown> | undefined)) {
      return rpcError(body.id, 400, -32021, TasksMessages.listenRequiresTasks(), { requiredCapabilities: TASKS_REQUIRED_CAPABILITIES });
    }
    const ids = notifications.taskIds;
    const max = this.config.subscriptions.maxPerSession;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id.length > 256) || ids.length > max)
      return rpcError(body.id, 200, -32602, TasksMessages.invalidTaskIds(max));
    const { taskIds: _dropped, ...rest } = notifications;
    const response = await next(request, { ...options, parsedBody: { ...body, params: { ...body.params, notifications: rest } } });
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    const principal = (options?.authInfo as CallerAuthInfo | undefined)?.extra?.caller?.id ?? ANONYMOUS_CALLER.id;
    const rows = await this.storage.guarded('subscriptions/listen', () => this.storage.store.findMany([...new Set(ids as string[])], principal)).catch(() => []);
    const watcher: TaskWatcher = { principal, subscriptionId: body.id, ids: new Set(rows.map((row) => row.id)), send: () => undefined };
    const start = () => {
      this.watch(watcher);
      for (const row of rows) watcher.send(row);
    };
    const stop = () => this.unwatch(watcher);
    // Anything else asked for (list changes, resources) is the SDK's stream to carry; tasks alone are ours.
    const others = Object.values(rest).some((value) => value === true || (Array.isArray(value) && value.length > 0));
    if (others) return taskStream(response, watcher, start, stop);
    this.own.add(watcher);
    return ownTaskStream(response, watcher, this.config.serverInfo, request.signal, start, () => (this.own.delete(watcher), stop()));
  }

  /** Shutdown: the streams of this gateway's own end like the SDK's, with their final result. */
  closeAll(): void {
    for (const watcher of [...this.own]) watcher.close?.();
  }

  private watch(watcher: TaskWatcher): void {
    if (!this.listening) {
      this.listening = true;
      this.storage.onEvents((event) => this.changed(event.id));
    }
    for (const id of watcher.ids) {
      const set = this.watchers.get(id) ?? new Set<TaskWatcher>();
      set.add(watcher);
      this.watchers.set(id, set);
    }
  }

  private unwatch(watcher: TaskWatcher): void {
    for (const id of watcher.ids) {
      const set = this.watchers.get(id);
      set?.delete(watcher);
      if (set?.size === 0) this.watchers.delete(id);
    }
  }

  private changed(id: string): void {
    if (!this.watchers.has(id)) return;
    const previous = this.reads.get(id) ?? Promise.resolve();
    const read = previous.then(() => this.notify(id)).catch(() => undefined);
    this.reads.set(id, read);
    void read.finally(() => this.reads.get(id) === read && this.reads.delete(id));
  }

  private async notify(id: string): Promise<void> {
    const watchers = [...(this.watchers.get(id) ?? [])];
    for (const principal of new Set(watchers.map((watcher) => watcher.principal))) {
      const row: TaskRow | undefined = await this.storage.store.find(id, principal);
      for (const watcher of watchers.filter((candidate) => candidate.principal === principal)) {
        if (row) watcher.send(row);
        // A finished (or expired) task changes no more: nothing left to watch.
        if (!row || TERMINAL.has(row.status)) {
          watcher.ids.delete(id);
          this.watchers.get(id)?.delete(watcher);
        }
      }
    }
    if (this.watchers.get(id)?.size === 0) this.watchers.delete(id);
  }
}
