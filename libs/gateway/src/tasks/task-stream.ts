import { SERVER_INFO_META_KEY, SUBSCRIPTION_ID_META_KEY } from '@modelcontextprotocol/server';
import { detailedTask } from './task-wire';
import type { TaskRow } from './task.types';

/** One `subscriptions/listen` stream's interest in tasks: whose they are, which, and how to reach it. */
export interface TaskWatcher {
  readonly principal: string;
  readonly subscriptionId: unknown;
  readonly ids: Set<string>;
  /** Sends the task's state as `notifications/tasks` (a no-op until the stream is acknowledged). */
  send(row: TaskRow): void;
  /** Ends the stream gracefully (the gateway's own streams, at shutdown). */
  close?: () => void;
}

/** As the SDK's listen streams: the same comment frame, as often. */
const KEEP_ALIVE_MS = 15_000;
const encoder = new TextEncoder();
const frame = (message: object) => encoder.encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`);

/** The notification for a task's state: exactly its `tasks/get` answer, stamped with the subscription as the SDK stamps its own. */
const notification = (row: TaskRow, subscriptionId: unknown) => ({
  jsonrpc: '2.0',
  method: 'notifications/tasks',
  params: { ...detailedTask(row), _meta: { [SUBSCRIPTION_ID_META_KEY]: subscriptionId } },
});

/** The SDK's acknowledgement frame with the task ids this gateway agreed to notify added to what it honored. */
function withTaskIds(chunk: Uint8Array, ids: string[]): Uint8Array {
  const line = new TextDecoder()
    .decode(chunk)
    .split('\n')
    .find((text) => text.startsWith('data: '));
  try {
    const message = JSON.parse(line!.slice(6)) as { method?: string; params: { notifications?: Record<string, unknown> } };
    if (message.method !== 'notifications/subscriptions/acknowledged') return chunk;
    message.params.notifications = { ...message.params.notifications, taskIds: ids };
    return frame(message);
  } catch {
    return chunk;
  }
}

/** The SDK's stream (list changes, resources) with the task notifications interleaved, between its frames. */
export function taskStream(sdk: Response, watcher: TaskWatcher, start: () => void, stop: () => void): Response {
  const reader = sdk.body!.getReader();
  let acknowledged = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      watcher.send = (row) => {
        try {
          controller.enqueue(frame(notification(row, watcher.subscriptionId)));
        } catch {
          // The stream has ended.
        }
      };
    },
    async pull(controller) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) {
        stop();
        return controller.close();
      }
      if (acknowledged) return controller.enqueue(chunk.value);
      acknowledged = true;
      controller.enqueue(withTaskIds(chunk.value, [...watcher.ids]));
      start();
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: sdk.status, headers: sdk.headers });
}

/**
 * A stream of task notifications alone: the SDK acknowledged the (empty) rest and ended its own,
 * so this one takes over with its acknowledgement, keeps itself alive as the SDK's do, and ends
 * when the client goes away, or at shutdown with the final result the SDK would write.
 */
export function ownTaskStream(sdk: Response, watcher: TaskWatcher, serverInfo: object, signal: AbortSignal, start: () => void, stop: () => void): Response {
  const reader = sdk.body!.getReader();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  let closed = false;
  const enqueue = (bytes: Uint8Array) => {
    if (closed || !controller) return;
    try {
      controller.enqueue(bytes);
    } catch {
      closed = true;
    }
  };
  const end = (graceful: boolean) => {
    if (graceful)
      enqueue(
        frame({
          jsonrpc: '2.0',
          id: watcher.subscriptionId,
          result: { resultType: 'complete', _meta: { [SUBSCRIPTION_ID_META_KEY]: watcher.subscriptionId, [SERVER_INFO_META_KEY]: serverInfo } },
        }),
      );
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    stop();
    try {
      controller?.close();
    } catch {
      // Already closed by the client.
    }
  };
  watcher.close = () => end(true);
  const body = new ReadableStream<Uint8Array>({
    async start(streamController) {
      controller = streamController;
      const ack = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      void reader.cancel().catch(() => undefined);
      if (ack.done) return end(false);
      enqueue(withTaskIds(ack.value, [...watcher.ids]));
      watcher.send = (row) => enqueue(frame(notification(row, watcher.subscriptionId)));
      keepAlive = setInterval(() => enqueue(encoder.encode(': keepalive\n\n')), KEEP_ALIVE_MS);
      keepAlive.unref();
      start();
    },
    cancel() {
      end(false);
    },
  });
  if (signal.aborted) end(false);
  else signal.addEventListener('abort', () => end(false), { once: true });
  return new Response(body, { status: 200, headers: sdk.headers });
}
