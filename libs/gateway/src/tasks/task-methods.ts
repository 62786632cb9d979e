import {
  CLIENT_CAPABILITIES_META_KEY,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod/v4';
import { sdkCaller } from '../mcp/sdk-dispatch-request';
import { declaresTasks, TASKS_EXTENSION, TASKS_REQUIRED_CAPABILITIES } from './task.constants';
import { TaskStorage, TaskStoreUnavailableError } from './task-storage';
import { detailedTask } from './task-wire';
import { TasksMessages } from './tasks.messages';

// Ids are 32 characters; anything much longer cannot be one and is not worth a lookup.
const TaskId = z.string().max(256);
const TaskIdParams = z.looseObject({ taskId: TaskId });
const InputResponses = z.record(z.string().max(256), z.looseObject({}));
const UpdateParams = z.looseObject({ taskId: TaskId, inputResponses: InputResponses.optional() });

/** The client capabilities of a 2026-07-28 request (its `_meta` envelope). */
const capabilitiesOf = (ctx: ServerContext) => ((ctx.mcpReq.envelope ?? {}) as Record<string, unknown>)[CLIENT_CAPABILITIES_META_KEY] as Record<string, unknown> | undefined;

/**
 * `tasks/get`, `tasks/update` and `tasks/cancel` on a 2026-07-28 server instance, answered from
 * the database, so any replica answers for any task. The SDK checks the envelope and the
 * `Mcp-Name: <taskId>` routing header (-32020), the params schema (-32602) and stamps
 * `resultType: "complete"`; `tasks/list` and `tasks/result`, removed by SEP-2663, stay unknown
 * methods (-32601). A request that does not declare the extension gets -32021; a task that does
 * not exist, has expired or belongs to another principal gets the same -32602.
 */
export function installTaskMethods(server: Server, storage: TaskStorage): void {
  server.registerCapabilities({ extensions: { [TASKS_EXTENSION]: {} } });
  const gated = async <T>(method: string, ctx: ServerContext, work: (principal: string) => Promise<T>): Promise<T> => {
    if (!declaresTasks(capabilitiesOf(ctx)))
      throw new MissingRequiredClientCapabilityError({ requiredCapabilities: TASKS_REQUIRED_CAPABILITIES }, TasksMessages.tasksMethodRequiresTasks(method));
    try {
      return await storage.guarded(method, () => work(sdkCaller(ctx).id));
    } catch (error) {
      if (error instanceof TaskStoreUnavailableError) throw new ProtocolError(ProtocolErrorCode.InternalError, error.message);
      throw error;
    }
  };
  const notFound = (verb: 'retrieve' | 'update' | 'cancel') => new ProtocolError(ProtocolErrorCode.InvalidParams, TasksMessages.notFound(verb));
  server.setRequestHandler('tasks/get', { params: TaskIdParams }, (params, ctx) =>
    gated('tasks/get', ctx, async (principal) => {
      const row = await storage.store.find(params.taskId, principal);
      if (!row) throw notFound('retrieve');
      return detailedTask(row) as unknown as Record<string, unknown>;
    }),
  );
  server.setRequestHandler('tasks/update', { params: UpdateParams }, (params, ctx) =>
    gated('tasks/update', ctx, async (principal) => {
      // The SDK lifts `inputResponses` off every 2026-07-28 request (the multi-round field) into the context.
      const responses = InputResponses.safeParse(params.inputResponses ?? ctx.mcpReq.inputResponses ?? {});
      if (!responses.success) throw new ProtocolError(ProtocolErrorCode.InvalidParams, TasksMessages.invalidResponses());
      if (!(await storage.store.answer(params.taskId, principal, responses.data))) throw notFound('update');
      return {};
    }),
  );
  server.setRequestHandler('tasks/cancel', { params: TaskIdParams }, (params, ctx) =>
    gated('tasks/cancel', ctx, async (principal) => {
      if (!(await storage.store.cancel(params.taskId, principal))) throw notFound('cancel');
      return {};
    }),
  );
}
