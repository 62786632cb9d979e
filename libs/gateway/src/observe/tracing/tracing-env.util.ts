import type { TracingOptions } from './tracing.options';

/** The tracing options from the environment (`SKILLNEST_...`); see the README's "Observability" section. */
export function tracingOptionsFromEnv(env: NodeJS.ProcessEnv): TracingOptions | false | undefined {
  void env;
  return undefined;
}
