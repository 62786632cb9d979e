import { Global, Module, type DynamicModule, type InjectionToken, type Provider } from '@nestjs/common';
import { auditProviders } from './audit/audit.providers';
import { metricsProviders } from './metrics/metrics.providers';
import { SKILL_CALL_OBSERVERS } from './observability.constants';
import type { ObservabilityOptions } from './observability.options';
import type { SkillCallObserver } from './skill-call-observer';
import { tracingProviders } from './tracing/tracing.providers';

/** What one part of observability adds to the module: its providers, and which of them observe calls. */
export interface ObservabilityPart {
  providers: Provider[];
  observers: InjectionToken[];
  exports: InjectionToken[];
}

/**
 * Metrics, traces and the audit trail of every gateway of the app, fed by each gateway's
 * dispatcher (`SKILL_CALL_OBSERVERS`). Import it once, in the root module; without it the
 * dispatcher observes nothing and costs nothing extra. Logs are the app's logger
 * (`createSkillnestLogger()`), set up before the app is created.
 *
 * @example
 * ```ts
 * ObservabilityModule.forRoot({ metrics: { access: 'bearer' }, audit: { pool: 'default' } })
 * ```
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions = {}): DynamicModule {
    const parts: ObservabilityPart[] = [metricsProviders(options.metrics), tracingProviders(options.tracing), auditProviders(options.audit)];
    const own = options.observers ?? [];
    const observerTokens = [...parts.flatMap((part) => part.observers), ...own];
    const observers: Provider = {
      provide: SKILL_CALL_OBSERVERS,
      // A part's observer is undefined when it has nothing to observe (tracing without an SDK): left out, it costs nothing.
      useFactory: (...instances: Array<SkillCallObserver | undefined>) => instances.filter((instance): instance is SkillCallObserver => instance !== undefined),
      inject: observerTokens,
    };
    return {
      module: ObservabilityModule,
      providers: [...parts.flatMap((part) => part.providers), ...own, observers],
      exports: [SKILL_CALL_OBSERVERS, ...parts.flatMap((part) => part.exports)],
    };
  }
}
