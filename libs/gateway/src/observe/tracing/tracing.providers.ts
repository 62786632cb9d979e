import type { ObservabilityPart } from '../observability.module';
import type { TracingOptions } from './tracing.options';

/** The providers of the tracing part (none yet). */
export function tracingProviders(options: TracingOptions | false | undefined): ObservabilityPart {
  void options;
  return { providers: [], observers: [], exports: [] };
}
