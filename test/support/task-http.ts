import { modernRequest } from './mcp-http';

/** What a client declares to be given tasks (and asked for input through them). */
export const TASKS_CAPABILITIES = { extensions: { 'io.modelcontextprotocol/tasks': {} }, elicitation: {} };

export interface TaskAnswer {
  status: number;
  headers: Headers;
  result?: Record<string, unknown> & { taskId?: string; status?: string; resultType?: string };
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

const TERMINAL = ['completed', 'failed', 'cancelled'];

/**
 * The Tasks extension over raw 2026-07-28 HTTP, as a client that declares it on every request:
 * `tools/call`, then `tasks/get`, `tasks/update`, `tasks/cancel` with the `Mcp-Name: <taskId>`
 * routing header. `origin` may change between calls (another replica).
 */
export function tasksOver(token: string | undefined, capabilities: Record<string, unknown> = TASKS_CAPABILITIES) {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const send = async (origin: string, method: string, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<TaskAnswer> => {
    const meta = { 'io.modelcontextprotocol/clientCapabilities': capabilities };
    const answer = await modernRequest(new URL('/mcp', origin).href, method, { ...params, _meta: meta }, { ...auth, ...headers });
    return { status: answer.status, headers: answer.headers, result: answer.body?.result as TaskAnswer['result'], error: answer.body?.error as TaskAnswer['error'] };
  };
  const byId = (taskId: string) => ({ 'mcp-name': taskId });
  return {
    call: (origin: string, name: string, args: Record<string, unknown>) => send(origin, 'tools/call', { name, arguments: args }),
    get: (origin: string, taskId: string) => send(origin, 'tasks/get', { taskId }, byId(taskId)),
    update: (origin: string, taskId: string, inputResponses: Record<string, unknown>) => send(origin, 'tasks/update', { taskId, inputResponses }, byId(taskId)),
    cancel: (origin: string, taskId: string) => send(origin, 'tasks/cancel', { taskId }, byId(taskId)),
    /** Polls `tasks/get` (every 50 ms, at most `timeoutMs`) until the task is in one of `statuses` (default: any terminal one). */
    async until(origin: string | (() => string), taskId: string, statuses = TERMINAL, timeoutMs = 15_000): Promise<NonNullable<TaskAnswer['result']>> {
      const deadline = Date.now() + timeoutMs;
      let last: TaskAnswer | undefined;
      while (Date.now() < deadline) {
        last = await send(typeof origin === 'string' ? origin : origin(), 'tasks/get', { taskId }, byId(taskId));
        if (last.result && statuses.includes(String(last.result.status))) return last.result;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`task ${taskId} did not reach ${statuses.join('/')} within ${timeoutMs} ms; last answer: ${JSON.stringify(last?.result ?? last?.error)}`);
    },
  };
}
