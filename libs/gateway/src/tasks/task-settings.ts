import type { ToolDefinition, ToolTaskOptions } from '@skillnest/skills';
import { GatewayConfigError } from '../errors/gateway-config.error';
import type { TaskOptions } from '../mcp-gateway.options';
import { TasksMessages } from './tasks.messages';

/** The gateway's task settings, every default applied (`McpGatewayOptions.tasks`). */
export type TaskSettings = Required<TaskOptions>;

/** How one tool runs as a task, the gateway's defaults applied. */
export interface ToolTaskSettings {
  readonly mode: 'optional' | 'required';
  readonly inlineMs: number | undefined;
  readonly rerunnable: boolean;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
}

const DEFAULTS: TaskSettings = {
  pool: 'default',
  ttlMs: 60 * 60_000,
  pollIntervalMs: 1_000,
  timeoutMs: 30 * 60_000,
  leaseMs: 30_000,
  sweepIntervalMs: 5_000,
  sweepBatch: 100,
  maxAttempts: 3,
  maxActivePerPrincipal: 32,
  maxStoredPerPrincipal: 1_000,
  maxActive: 1_000,
};

/** The environment variable of each setting (`gatewayOptionsFromEnv`, startup errors). */
export const TASK_ENV: Record<keyof TaskSettings, string> = {
  pool: 'SKILLNEST_TASKS_POOL',
  ttlMs: 'SKILLNEST_TASK_TTL_MS',
  pollIntervalMs: 'SKILLNEST_TASK_POLL_INTERVAL_MS',
  timeoutMs: 'SKILLNEST_TASK_TIMEOUT_MS',
  leaseMs: 'SKILLNEST_TASK_LEASE_MS',
  sweepIntervalMs: 'SKILLNEST_TASK_SWEEP_INTERVAL_MS',
  sweepBatch: 'SKILLNEST_TASK_SWEEP_BATCH',
  maxAttempts: 'SKILLNEST_TASK_MAX_ATTEMPTS',
  maxActivePerPrincipal: 'SKILLNEST_MAX_TASKS_PER_PRINCIPAL',
  maxStoredPerPrincipal: 'SKILLNEST_MAX_STORED_TASKS_PER_PRINCIPAL',
  maxActive: 'SKILLNEST_MAX_TASKS',
};

/** Longest wait a timer can take (setTimeout's limit): a longer TTL or timeout would fire at once. */
const MAX_MS = 2_147_483_647;

const whole = (value: unknown, min: number) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= MAX_MS;

/** The gateway's task settings, validated once at bootstrap with a message naming the option and its variable. */
export function resolveTaskSettings(options: TaskOptions | undefined): TaskSettings {
  const settings = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined)) } as TaskSettings;
  for (const key of Object.keys(DEFAULTS) as Array<keyof TaskSettings>) {
    const value = settings[key];
    const ok = key === 'pool' ? typeof value === 'string' && value.length > 0 : whole(value, 1);
    if (!ok) throw new GatewayConfigError(TasksMessages.invalidSetting(`tasks.${key}`, TASK_ENV[key], value));
  }
  // Renewed three times a lease: a lease shorter than one sweep would be lost between two renewals under load.
  if (settings.leaseMs < 3 * 100) throw new GatewayConfigError(TasksMessages.leaseTooShort(settings.leaseMs));
  return settings;
}

/** How `tool` runs as a task (undefined: it never does), checked at bootstrap. */
export function toolTaskSettings(tool: ToolDefinition, settings: TaskSettings): ToolTaskSettings | undefined {
  const declared = tool.options.task;
  if (declared === undefined) return undefined;
  const options: ToolTaskOptions = typeof declared === 'string' ? { mode: declared } : declared;
  const where = `${tool.handler.where} (@Tool task)`;
  if (options.mode !== 'optional' && options.mode !== 'required') throw new GatewayConfigError(TasksMessages.invalidToolTask(where, 'mode', options.mode));
  if (options.inlineMs !== undefined && !whole(options.inlineMs, 0)) throw new GatewayConfigError(TasksMessages.invalidToolTask(where, 'inlineMs', options.inlineMs));
  for (const key of ['ttlMs', 'pollIntervalMs'] as const) {
    if (options[key] !== undefined && !whole(options[key], 1)) throw new GatewayConfigError(TasksMessages.invalidToolTask(where, key, options[key]));
  }
  return {
    mode: options.mode,
    inlineMs: options.inlineMs,
    rerunnable: options.rerunnable === true,
    ttlMs: options.ttlMs ?? settings.ttlMs,
    pollIntervalMs: options.pollIntervalMs ?? settings.pollIntervalMs,
    timeoutMs: tool.options.timeoutMs ?? settings.timeoutMs,
  };
}
