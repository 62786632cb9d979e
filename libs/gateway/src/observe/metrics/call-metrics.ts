import type { Metric, Registry } from 'prom-client';
import { DURATION_BUCKETS, FRONT_DOORS, OUTCOME_SLOTS, type CallTallies } from './call-tallies';
import { readCounter, type Reading } from './metric-readers';

const DURATION = 'skillnest_call_duration_seconds';
const DURATION_HELP = 'Duration of tool, prompt and resource calls through the dispatcher, in seconds.';

type HistogramValue = { labels: Record<string, string | number>; value: number; metricName: string };

/** The histogram's lines, cumulative per bucket as Prometheus expects, from the tallies' per-bucket counts. */
function durationValues(tallies: CallTallies): HistogramValue[] {
  const values: HistogramValue[] = [];
  for (const tally of tallies.all()) {
    const labels = { gateway: tally.gateway, kind: tally.kind, skill: tally.skill };
    let cumulative = 0;
    DURATION_BUCKETS.forEach((le, index) => {
      cumulative += tally.buckets[index];
      values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${DURATION}_bucket` });
    });
    const count = cumulative + tally.buckets[DURATION_BUCKETS.length];
    values.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${DURATION}_bucket` });
    values.push({ labels, value: tally.sum, metricName: `${DURATION}_sum` });
    values.push({ labels, value: count, metricName: `${DURATION}_count` });
  }
  return values;
}

/**
 * `skillnest_calls_total` and `skillnest_call_duration_seconds`, read from the observer's tallies at
 * each scrape. The histogram is a metric object of prom-client's own shape (what `Registry` formats)
 * rather than a `Histogram`: prom-client's `observe` hashes the labels and allocates on every call,
 * about 1 µs, where the tallies cost a few nanoseconds; its buckets cannot be set from totals.
 */
export function registerCallMetrics(registry: Registry, tallies: CallTallies): void {
  readCounter(registry, {
    name: 'skillnest_calls_total',
    help: 'Tool, prompt and resource calls through the dispatcher, by skill (unknown: a name no skill has), front door and outcome (refused: with the reason).',
    labelNames: ['gateway', 'kind', 'skill', 'via', 'outcome', 'reason'],
    read: () => {
      const readings: Reading[] = [];
      for (const tally of tallies.all()) {
        FRONT_DOORS.forEach((via, door) =>
          OUTCOME_SLOTS.forEach(({ outcome, reason }, slot) => {
            const count = tally.count(door, slot);
            if (count > 0) readings.push([{ gateway: tally.gateway, kind: tally.kind, skill: tally.skill, via, outcome, ...(reason ? { reason } : {}) }, count]);
          }),
        );
      }
      return readings;
    },
  });
  const histogram = {
    name: DURATION,
    help: DURATION_HELP,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name: DURATION, help: DURATION_HELP, type: 'histogram', aggregator: 'sum', values: durationValues(tallies) }),
    // `Registry.resetMetrics()` resets every metric; the tallies are the observer's and stay.
    reset: () => undefined,
  };
  // `registerMetric` is typed for prom-client's own classes; it reads `name`, and the formatter `get()`.
  registry.registerMetric(histogram as unknown as Metric);
}
