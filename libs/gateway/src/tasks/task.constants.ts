/** The Tasks extension's identifier (SEP-2663), in capabilities and `requiredCapabilities`. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** What a client must declare to be given tasks: the `requiredCapabilities` of a -32021 answer. */
export const TASKS_REQUIRED_CAPABILITIES = Object.freeze({ extensions: Object.freeze({ [TASKS_EXTENSION]: Object.freeze({}) }) });

export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The statuses of a task still running somewhere (it holds a lease). */
export const ACTIVE_STATUSES: readonly TaskStatus[] = ['working', 'input_required'];

/** The PostgreSQL channel task changes are announced on (`NOTIFY`), to every replica. */
export const TASKS_CHANNEL = 'skillnest_tasks';

/** Whether a client's capabilities (per request on 2026-07-28) declare the Tasks extension. */
export function declaresTasks(capabilities: Readonly<Record<string, unknown>> | undefined): boolean {
  const extensions = capabilities?.extensions;
  if (extensions === null || typeof extensions !== 'object' || Array.isArray(extensions)) return false;
  const tasks = (extensions as Record<string, unknown>)[TASKS_EXTENSION];
  return tasks !== null && typeof tasks === 'object' && !Array.isArray(tasks);
}
