import { Registry } from 'prom-client';
import type { GatewayTelemetry } from '../../../../libs/gateway/src/observe/gateway-telemetry';
import { registerTaskMetrics, TASK_COUNTS_TTL_MS } from '../../../../libs/gateway/src/observe/metrics/task-metrics';
import { CaptureLogger } from '../../../support/capture.logger';
import { parsePrometheusText } from '../../../support/prometheus-text';

/** A gateway that serves tasks, whose count answers as told (the real count is a query; see the example-app metrics spec). */
function taskGateway(answer: () => Promise<Array<{ status: 'working' | 'completed'; count: number }>>) {
  const counted = jest.fn(answer);
  return { gateway: { path: '/mcp', servesTasks: true, taskCounts: counted } as unknown as GatewayTelemetry, counted };
}

describe('skillnest_tasks', () => {
  let now: number;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  const setUp = (gateway: GatewayTelemetry) => {
    const registry = new Registry();
    const logs = new CaptureLogger();
    registerTaskMetrics(registry, () => [gateway], logs);
    return { scrape: async () => parsePrometheusText(await registry.metrics()), logs };
  };

  it('counts every status (0 for those without tasks), with one query for all the scrapes of 5 s', async () => {
    const { gateway, counted } = taskGateway(async () => [{ status: 'working', count: 2 }]);
    const { scrape } = setUp(gateway);
    const [first] = await Promise.all([scrape(), scrape(), scrape()]);
    expect(Object.fromEntries(first.matching('skillnest_tasks').map((sample) => [sample.labels.status, sample.value]))).toEqual({
      working: 2,
      input_required: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
    });
    now += TASK_COUNTS_TTL_MS - 1;
    await scrape();
    expect(counted).toHaveBeenCalledTimes(1);
    now += 1;
    await scrape();
    expect(counted).toHaveBeenCalledTimes(2);
  });

  it('leaves the counts out while they cannot be read, asks again after 5 s, and logs the failure once until it clears', async () => {
    let fail = true;
    const { gateway, counted } = taskGateway(async () => {
      if (fail) throw new Error('connect ECONNREFUSED');
      return [{ status: 'completed', count: 1 }];
    });
    const { scrape, logs } = setUp(gateway);
    expect((await scrape()).matching('skillnest_tasks')).toEqual([]);
    now += TASK_COUNTS_TTL_MS;
    expect((await scrape()).matching('skillnest_tasks')).toEqual([]);
    expect(counted).toHaveBeenCalledTimes(2);
    expect(logs.lines.filter((line) => line.includes('Task counts for metrics could not be read (gateway /mcp): Error: connect ECONNREFUSED.'))).toHaveLength(1);
    fail = false;
    now += TASK_COUNTS_TTL_MS;
    expect((await scrape()).value('skillnest_tasks', { gateway: '/mcp', status: 'completed' })).toBe(1);
  });
});
