import type { ToolDefinition } from '@skillnest/skills';

type Schema = Record<string, unknown>;

const TASK_SCHEMA: Schema = {
  type: 'object',
  required: ['taskId', 'status', 'createdAt', 'lastUpdatedAt', 'ttlMs', 'links'],
  properties: {
    taskId: { type: 'string' },
    status: { type: 'string', enum: ['working', 'input_required', 'completed', 'failed', 'cancelled'] },
    statusMessage: { type: 'string', description: 'Progress while it works, what it waits for, why it failed' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUpdatedAt: { type: 'string', format: 'date-time' },
    ttlMs: { type: 'integer', description: 'Kept this long after its creation' },
    pollIntervalMs: { type: 'integer', description: 'Poll no more often than this' },
    result: { description: 'Once completed: what `/run` answers with 200' },
    error: { type: 'object', description: 'Once completed with a tool error, or failed: what `/run` answers as an error, or the JSON-RPC error' },
    inputRequests: { type: 'object', description: 'While input_required: what to answer at `.../input`, by key' },
    links: { type: 'object', properties: { self: { type: 'string', description: 'Where to poll' } } },
  },
};
const taskContent = { 'application/json': { schema: TASK_SCHEMA } };

/** For a task tool: the `Prefer: respond-async` header of `/run` and its 202 answer. */
export function taskOperation(prefix: string, tool: ToolDefinition): { parameters: Schema; responses: Schema } {
  const declared = tool.options.task;
  if (declared === undefined) return { parameters: {}, responses: {} };
  const required = (typeof declared === 'string' ? declared : declared.mode) === 'required';
  const prefer = {
    name: 'Prefer',
    in: 'header',
    required: false,
    schema: { type: 'string', example: 'respond-async' },
    description: 'respond-async: answer 202 with a task to poll',
  };
  return {
    parameters: required ? {} : { parameters: [prefer] },
    responses: {
      '202': {
        description: `${required ? 'Always: this tool runs only as a task' : 'With `Prefer: respond-async`'}. The task runs on; poll \`Location\` (${prefix}/tasks/{taskId})`,
        headers: { Location: { schema: { type: 'string' } } },
        content: taskContent,
      },
    },
  };
}

/** `GET`/`DELETE <prefix>/tasks/{taskId}` and `POST .../input`, once per gateway that has task tools. */
export function taskOperations(prefix: string): Record<string, Schema> {
  const id = { name: 'taskId', in: 'path', required: true, schema: { type: 'string' } };
  const security = [{ bearer: [] }];
  const notFound = { '404': { description: 'No such task: unknown, expired, or another caller’s' }, '401': { description: 'Missing or invalid bearer token' } };
  return {
    [`${prefix}/tasks/{taskId}`]: {
      get: {
        operationId: 'task_get',
        summary: 'Poll a task',
        tags: ['tasks'],
        security,
        parameters: [id],
        responses: { '200': { description: 'The task; `Retry-After` while it runs', content: taskContent }, ...notFound },
      },
      delete: {
        operationId: 'task_cancel',
        summary: 'Cancel a task',
        tags: ['tasks'],
        security,
        parameters: [id],
        responses: { '204': { description: 'Cancelled (or already finished)' }, ...notFound },
      },
    },
    [`${prefix}/tasks/{taskId}/input`]: {
      post: {
        operationId: 'task_input',
        summary: 'Answer a task’s input requests',
        tags: ['tasks'],
        security,
        parameters: [id],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['inputResponses'], properties: { inputResponses: { type: 'object', additionalProperties: { type: 'object' } } } },
            },
          },
        },
        responses: {
          '202': { description: 'Accepted; the task goes on once every request is answered' },
          '400': { description: 'inputResponses is not an object of answers' },
          ...notFound,
        },
      },
    },
  };
}
