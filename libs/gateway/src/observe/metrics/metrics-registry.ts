import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRICS_OPTIONS } from './metrics-settings';
import type { MetricsOptions } from './metrics.options';

/**
 * The app's Prometheus registry: its own `Registry`, never prom-client's global one, so that
 * several apps in one process (tests, an app embedding another) never mix or collide. Everything
 * `GET /metrics` serves is registered here; a team may add its own metrics to `registry`, or
 * serve `metrics()` some other way (push, another route) with `access: 'off'`.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(@Inject(METRICS_OPTIONS) options: MetricsOptions) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition format's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric, in the Prometheus text format (each collector reads its source now). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
