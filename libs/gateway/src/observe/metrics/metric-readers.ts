import { Counter, Gauge, type Registry } from 'prom-client';

/** One value of a metric, with its labels. */
export type Reading = readonly [labels: Readonly<Record<string, string>>, value: number];

type Read = () => Iterable<Reading> | Promise<Iterable<Reading>>;

interface ReaderConfig {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** The values right now, read at each scrape. */
  read: Read;
}

/**
 * A gauge read at each scrape from what the app already counts (a pool, a session map): nothing
 * runs between scrapes, and label sets that are gone (a closed pool) disappear with them.
 */
export function readGauge(registry: Registry, config: ReaderConfig): Gauge {
  const { read, ...rest } = config;
  return new Gauge({
    ...rest,
    registers: [registry],
    async collect() {
      const readings = await read();
      this.reset();
      for (const [labels, value] of readings) this.set(labels, value);
    },
  });
}

/**
 * A counter whose totals are kept elsewhere as plain numbers (where the events happen, at no
 * cost of a metrics library) and copied in at each scrape. The totals only grow, as Prometheus
 * expects of a counter.
 */
export function readCounter(registry: Registry, config: ReaderConfig): Counter {
  const { read, ...rest } = config;
  return new Counter({
    ...rest,
    registers: [registry],
    async collect() {
      const readings = await read();
      this.reset();
      for (const [labels, value] of readings) this.inc(labels, value);
    },
  });
}
