import { GatewayConfig, GatewayConfigError } from '@skillnest/gateway';
import type { ToolDefinition } from '@skillnest/skills';
import { gatewayOptionsFromEnv } from '../../../libs/gateway/src/gateway-env.util';
import { toolTaskSettings } from '../../../libs/gateway/src/tasks/task-settings';
import { STATE_KEY } from './gateway-test-module';

const fromEnv = (env: Record<string, string>) => new GatewayConfig(gatewayOptionsFromEnv({ SKILLNEST_STATE_KEY: STATE_KEY, ...env }));
const tool = (options: Partial<ToolDefinition['options']>) =>
  ({ name: 'audit', options: { description: 'x', ...options }, handler: { where: 'AuditSkills.audit' } }) as unknown as ToolDefinition;

/** The task settings: bounded defaults, every one from its SKILLNEST_* variable, and startup refusals that name it. */
describe('task settings', () => {
  it('has a finite default for every setting', () => {
    expect(fromEnv({}).tasks).toEqual({
      pool: 'default',
      ttlMs: 3_600_000,
      pollIntervalMs: 1_000,
      timeoutMs: 1_800_000,
      leaseMs: 30_000,
      sweepIntervalMs: 5_000,
      sweepBatch: 100,
      maxAttempts: 3,
      maxActivePerPrincipal: 32,
      maxStoredPerPrincipal: 1_000,
      maxActive: 1_000,
    });
  });

  it('reads each setting from its variable', () => {
    const tasks = fromEnv({
      SKILLNEST_TASKS_POOL: 'tasks',
      SKILLNEST_TASK_TTL_MS: '600000',
      SKILLNEST_TASK_POLL_INTERVAL_MS: '250',
      SKILLNEST_TASK_TIMEOUT_MS: '90000',
      SKILLNEST_TASK_LEASE_MS: '3000',
      SKILLNEST_TASK_SWEEP_INTERVAL_MS: '500',
      SKILLNEST_TASK_SWEEP_BATCH: '10',
      SKILLNEST_TASK_MAX_ATTEMPTS: '2',
      SKILLNEST_MAX_TASKS_PER_PRINCIPAL: '4',
      SKILLNEST_MAX_STORED_TASKS_PER_PRINCIPAL: '40',
      SKILLNEST_MAX_TASKS: '400',
    }).tasks;
    expect(tasks).toEqual({
      pool: 'tasks',
      ttlMs: 600_000,
      pollIntervalMs: 250,
      timeoutMs: 90_000,
      leaseMs: 3_000,
      sweepIntervalMs: 500,
      sweepBatch: 10,
      maxAttempts: 2,
      maxActivePerPrincipal: 4,
      maxStoredPerPrincipal: 40,
      maxActive: 400,
    });
  });

  it.each([
    ['SKILLNEST_TASK_TTL_MS', 'tasks.ttlMs'],
    ['SKILLNEST_TASK_LEASE_MS', 'tasks.leaseMs'],
    ['SKILLNEST_MAX_TASKS_PER_PRINCIPAL', 'tasks.maxActivePerPrincipal'],
    ['SKILLNEST_MAX_TASKS', 'tasks.maxActive'],
    ['SKILLNEST_TASK_SWEEP_BATCH', 'tasks.sweepBatch'],
  ])('refuses to start with %s that is no whole number of 1 or more, naming it', (variable, option) => {
    for (const value of ['0', '-3', 'many', '2.5', '9999999999']) {
      expect(() => fromEnv({ [variable]: value })).toThrow(GatewayConfigError);
      expect(() => fromEnv({ [variable]: value })).toThrow(`${option} (${variable})`);
    }
  });

  it('refuses a lease too short to be renewed three times over', () => {
    expect(() => fromEnv({ SKILLNEST_TASK_LEASE_MS: '120' })).toThrow('tasks.leaseMs (SKILLNEST_TASK_LEASE_MS) 120 is too short');
  });

  it("resolves a tool's task declaration over the gateway's defaults", () => {
    const defaults = fromEnv({}).tasks;
    expect(toolTaskSettings(tool({}), defaults)).toBeUndefined();
    expect(toolTaskSettings(tool({ task: 'required' }), defaults)).toEqual({
      mode: 'required',
      inlineMs: undefined,
      rerunnable: false,
      ttlMs: 3_600_000,
      pollIntervalMs: 1_000,
      timeoutMs: 1_800_000,
    });
    const own = toolTaskSettings(tool({ timeoutMs: 5_000, task: { mode: 'optional', inlineMs: 0, rerunnable: true, ttlMs: 60_000, pollIntervalMs: 2_000 } }), defaults);
    expect(own).toEqual({ mode: 'optional', inlineMs: 0, rerunnable: true, ttlMs: 60_000, pollIntervalMs: 2_000, timeoutMs: 5_000 });
  });

  it.each([
    [{ mode: 'sometimes' }, 'mode'],
    [{ mode: 'optional', inlineMs: -1 }, 'inlineMs'],
    [{ mode: 'optional', ttlMs: 0 }, 'ttlMs'],
    [{ mode: 'optional', pollIntervalMs: 1.5 }, 'pollIntervalMs'],
  ])('refuses a tool task declaration %j at bootstrap, naming the tool', (task, field) => {
    expect(() => toolTaskSettings(tool({ task } as never), fromEnv({}).tasks)).toThrow(`AuditSkills.audit (@Tool task): ${field}`);
  });
});
