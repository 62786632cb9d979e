/** Every message the gateway's tasks write to clients or logs. Never interpolate tokens, SQL or addresses. */
export const TasksMessages = {
  invalidSetting: (option: string, env: string, value: unknown) =>
    `${option} (${env}) ${JSON.stringify(value)} is not valid: use a whole number of 1 or more (milliseconds for durations, at most 2147483647).`,
  leaseTooShort: (ms: number) => `tasks.leaseMs (SKILLNEST_TASK_LEASE_MS) ${ms} is too short: a lease is renewed three times over its length; use 300 ms or more.`,
  invalidToolTask: (where: string, field: string, value: unknown) =>
    `${where}: ${field} ${JSON.stringify(value)} is not valid (mode is 'optional' or 'required'; durations are whole milliseconds).`,
  noPool: (pool: string, tools: string[]) =>
    `Tools ${tools.join(', ')} run as tasks, which are kept in PostgreSQL, but there is no PgPoolModule pool "${pool}". Import PgPoolModule.forRoot() (the embedded database will do locally) or set tasks.pool (SKILLNEST_TASKS_POOL) to the pool's name.`,
  storageUnavailable: () => 'Tasks are unavailable for a moment: the task store cannot be reached. Try again shortly.',
  storageFailedLog: (what: string, cause: string) => `Task store: ${what} failed: ${cause}`,
  invalidResponses: () => 'Invalid params for tasks/update: inputResponses must map each input request key to its response object.',
  invalidTaskIds: (max: number) => `Invalid params: notifications.taskIds must be an array of at most ${max} task ids.`,
  restNotFound: () => 'No such task: it does not exist, has expired, or was created by another caller.',
  notFound: (verb: 'retrieve' | 'update' | 'cancel') => `Failed to ${verb} task: Task not found`,
  requiresTasks: (tool: string) => `Tool "${tool}" runs only as a task: declare the ${'io.modelcontextprotocol/tasks'} extension in the request's client capabilities to call it.`,
  tasksMethodRequiresTasks: (method: string) => `${method} needs the io.modelcontextprotocol/tasks extension declared in the request's client capabilities.`,
  listenRequiresTasks: () => 'Task notifications (notifications.taskIds) need the io.modelcontextprotocol/tasks extension declared in the request client capabilities.',
  tooManyOwnActive: (max: number) => `You have ${max} tasks running, the most one caller may: wait for one to finish or cancel one (tasks/cancel).`,
  tooManyOwnStored: (max: number) => `You hold ${max} tasks, the most one caller may keep: finished ones are removed when their time to live ends.`,
  tooManyActive: () => 'Too many tasks are running on this server; try again later.',
  capReachedLog: (limit: string, max: number, principal?: string) =>
    `Task cap ${limit} (${max}) reached${principal === undefined ? '' : ` by ${JSON.stringify(principal)}`}; refusing new tasks (further refusals of this kind are logged at most every 10 s).`,
  working: () => 'The task is running.',
  waitingForInput: (what: string) => `Waiting for input: ${what}`,
  cancelledByClient: () => 'Cancelled by the client (tasks/cancel).',
  // `format()` patterns: PostgreSQL puts in the number of runs.
  lost: () => 'The replica running this task stopped before it finished (runs made: %s); the tool is not declared safe to run again, or has used up its runs.',
  restarted: () => 'Restarted (run %s) after the replica running it was lost.',
  shutDown: () => 'The replica running this task shut down before it finished, and the tool is not declared safe to run again.',
  handedOver: (count: number, rerun: number) => `Drain deadline: handed over ${count} running task(s): ${rerun} to be run again by another replica, the others reported failed.`,
  draining: (count: number, deadlineMs: number) => `Waiting for ${count} running task(s) to finish (deadline ${deadlineMs} ms).`,
  unsupportedInput: (key: string, method: string) =>
    `The task asked for input '${key}' (${method}), but the client capabilities of the request that created it do not declare the required capability.`,
  inputBeforeTask: (tool: string) => `Tool "${tool}" asked for input in a way a task cannot serve (after its multi-round phase ended).`,
  crashed: (tool: string) => `Tool "${tool}" failed unexpectedly while it ran as a task.`,
  resumeRefused: (tool: string, why: string) => `The task could not be run again: tool "${tool}" ${why}.`,
  listenerLost: (cause: string) => `Task notifications from other replicas paused (LISTEN connection lost: ${cause}); polling covers cancellation and input meanwhile.`,
  listenerBack: () => 'Task notifications from other replicas resumed (LISTEN connection restored).',
};
