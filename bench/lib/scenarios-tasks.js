'use strict';
// The tasks scenario (issue 14): task creations per second and tasks/get per second, each
// against a plain tools/call on the same server in the same round, as ratios. The tasks live in
// the bench database (PostgreSQL). Methods of `Bench` (see scenarios.js).
const { buildRequest, parseMessages } = require('./wire');
const { log } = require('./setup');
const { seedPostgres } = require('./scenarios-postgres');

const MESSAGE = 'skillnest bench task';
/** What a client declares to be given tasks (SEP-2663): the extension, per request. */
const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };

const tasksMethods = {
  async tasks() {
    const database = await seedPostgres(this.config.pgUrl);
    if (!database.ok) {
      this.failures.push(`Tasks scenario skipped: ${database.reason}`);
      log(`Tasks scenario skipped: ${database.reason}`);
      return;
    }
    await this.inRounds(() => this.tasksPass());
  },

  async tasksPass() {
    log('tasks: skillnest');
    await this.withServer('skillnest', { BENCH_TASKS: '1', BENCH_PG_URL: this.config.pgUrl }, async (running) => {
      const call = (name) => buildRequest({ wire: 'modern', method: 'tools/call', params: { name, arguments: { message: MESSAGE } }, capabilities: TASKS });
      // One task to poll, created (and finished) before the load.
      const created = await fetch(running.url, { method: 'POST', ...call('task_echo'), signal: AbortSignal.timeout(10_000) });
      const taskId = parseMessages(await created.text()).find((message) => message.result)?.result?.taskId;
      if (typeof taskId !== 'string') throw new Error('task_echo created no task');
      const get = buildRequest({ wire: 'modern', method: 'tasks/get', params: { taskId }, capabilities: TASKS });
      for (const connections of this.config.tasksConnections) {
        const row = (scenario) => ({ scenario, server: 'skillnest', wire: 'modern', tools: 2, connections });
        await this.measure(running, row('tasks: plain tools/call'), { request: call('echo'), expect: { kind: 'text', text: MESSAGE }, id: 1 });
        await this.measure(running, row('tasks: create'), { request: call('task_echo'), expect: { kind: 'task' }, id: 1 });
        await this.measure(running, row('tasks: get'), { request: get, expect: { kind: 'taskState', taskId }, id: 1 });
      }
    });
  },
};

module.exports = { tasksMethods };
