import type { CallToolResult } from '@modelcontextprotocol/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS_CALLER, type ToolDefinition } from '@skillnest/skills';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import { TaskStoreUnavailableError } from '../tasks/task-storage';
import { detailedTask } from '../tasks/task-wire';
import type { WireTask } from '../tasks/task.types';
import { TasksMessages } from '../tasks/tasks.messages';
import { restBody, restError } from './rest-body.util';
import type { SkillsRestOptions } from './skills-rest.routes';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const UNAVAILABLE = Symbol('unavailable');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a `POST <prefix>/:name/run` answers with a task (202): a task-only tool always does; an
 * optional one when the caller asks for it with `Prefer: respond-async` (RFC 7240), the REST
 * counterpart of declaring the Tasks extension. Anything else runs in the request, as before.
 */
export function wantsTask(request: FastifyRequest, tool: ToolDefinition | undefined): boolean {
  const declared = tool?.options.task;
  if (declared === undefined) return false;
  if ((typeof declared === 'string' ? declared : declared.mode) === 'required') return true;
  const prefer = request.headers.prefer;
  return [prefer ?? []].flat().some((value) => /(^|[\s,;])respond-async([\s,;]|$)/i.test(value));
}

/** A task as REST callers read it: the task's fields, its link, and its outcome in the shape `/run` answers. */
export function restTask(task: WireTask & Partial<ReturnType<typeof detailedTask>>, prefix: string) {
  const { inputRequests, result, error, ...fields } = task;
  const outcome = (() => {
    if (result) {
      const call = result as unknown as CallToolResult;
      if (!call.isError) return { result: restBody(call).result, ...(restBody(call).content ? { content: restBody(call).content } : {}) };
      const failure = restError(call);
      return { error: { error: failure.error, ...failure.fields } };
    }
    if (error) return { error: { error: 'failed', message: error.message, code: error.code } };
    return inputRequests ? { inputRequests } : {};
  })();
  return { ...fields, ...outcome, links: { self: `${prefix}/tasks/${task.taskId}` } };
}

/**
 * The REST side of tasks: `GET <prefix>/tasks/:taskId` (poll: the task, `Retry-After` while it
 * runs), `DELETE` (cancel) and `POST .../input` (`{ inputResponses }`, answers to its input
 * requests). A task is its creator's: another caller's id is a 404 like an unknown one.
 */
export function registerSkillsRestTasks(scope: FastifyInstance, options: SkillsRestOptions): void {
  const url = `${options.prefix}/tasks/:taskId`;
  const route = { onRequest: options.onRequest, preHandler: options.preHandler };
  const principal = (request: FastifyRequest) => ((request as AuthenticatedRequest).user ?? ANONYMOUS_CALLER).id;
  const taskId = (request: FastifyRequest) => (request.params as { taskId: string }).taskId;
  const notFound = (reply: FastifyReply) => reply.code(404).send({ error: 'unknown_task', message: TasksMessages.restNotFound() });
  const attempt = async <T>(work: () => Promise<T>): Promise<T | typeof UNAVAILABLE> => {
    try {
      return await options.tasks.guarded('REST tasks', work);
    } catch (error) {
      if (error instanceof TaskStoreUnavailableError) return UNAVAILABLE;
      throw error;
    }
  };
  const unavailable = (reply: FastifyReply) => reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: TasksMessages.storageUnavailable() });

  scope.route({
    ...route,
    method: 'GET',
    url,
    handler: async (request, reply) => {
      const task = await attempt(() => options.tasks.store.find(taskId(request), principal(request)));
      if (task === UNAVAILABLE) return unavailable(reply);
      if (!task) return notFound(reply);
      if (!TERMINAL.has(task.status)) void reply.header('retry-after', String(Math.max(1, Math.ceil(task.poll_interval_ms / 1000))));
      return reply.header('cache-control', 'no-store').send(restTask(detailedTask(task), options.prefix));
    },
  });
  scope.route({
    ...route,
    method: 'DELETE',
    url,
    handler: async (request, reply) => {
      const found = await attempt(() => options.tasks.store.cancel(taskId(request), principal(request)));
      if (found === UNAVAILABLE) return unavailable(reply);
      return found ? reply.code(204).send() : notFound(reply);
    },
  });
  scope.route({
    ...route,
    method: 'POST',
    url: `${url}/input`,
    handler: async (request, reply) => {
      const responses = (request.body as { inputResponses?: unknown } | undefined)?.inputResponses;
      if (!isRecord(responses) || !Object.values(responses).every(isRecord)) {
        return reply.code(400).send({ error: 'invalid_input', message: TasksMessages.invalidResponses() });
      }
      const found = await attempt(() => options.tasks.store.answer(taskId(request), principal(request), responses));
      if (found === UNAVAILABLE) return unavailable(reply);
      return found ? reply.code(202).send({}) : notFound(reply);
    },
  });
}
