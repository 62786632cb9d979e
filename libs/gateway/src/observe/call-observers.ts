import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { SkillDefinition, ToolDefinition } from '@skillnest/skills';
import { describeCause, isThenable, type MaybePromise } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import type { DispatchRequest } from '../dispatch/dispatch.types';
import { SKILL_CALL_OBSERVERS } from './observability.constants';
import { thrownSettled, type Settled } from './call-settled.util';
import type { FrontDoor, ObservedCall, ObservedKind, SkillCallObserver } from './skill-call-observer';

/**
 * The observers of one gateway's dispatcher, called once per call in the order given; also what
 * completes the trail of the HTTP request a call serves (its log line). With neither (no
 * `ObservabilityModule`, request lines off) the dispatcher does not come here at all, so an
 * unobserved call costs nothing. An observer that throws is logged (once per observer) and
 * never fails the call.
 */
@Injectable()
export class CallObservers {
  readonly active: boolean;
  private readonly all: readonly SkillCallObserver[];
  private readonly arounds: readonly SkillCallObserver[];
  private readonly failedOnce = new WeakSet<SkillCallObserver>();
  private readonly logger = new Logger('CallObservers');

  constructor(
    private readonly config: GatewayConfig,
    @Optional() @Inject(SKILL_CALL_OBSERVERS) observers?: SkillCallObserver[],
  ) {
    this.all = [...(observers ?? [])];
    this.arounds = this.all.filter((observer) => typeof observer.around === 'function').reverse();
    this.active = this.all.length > 0;
  }

  /** Whether a call is observed: by an observer, or for its HTTP request's log line (its trail). */
  watch(request: DispatchRequest): boolean {
    return this.active || request.trail !== undefined;
  }

  /** Describes a call as it arrives. `via` defaults to the request's own front door (`mcp`). */
  begin(kind: ObservedKind, name: string, args: unknown, request: DispatchRequest, skill: SkillDefinition | undefined, via?: FrontDoor): ObservedCall {
    const fields: Record<string, unknown> = {};
    request.auditFields = fields;
    return { kind, name, gateway: this.config.path, via: via ?? request.via ?? 'mcp', request, args, startedAt: performance.now(), skill, fields };
  }

  /**
   * Describes the work of a task that a call of `tool` goes on as (`via: 'task'`), reported with
   * `report` when the run ends. It keeps the call's `ctx.audit` fields, which the skill adds to while it runs.
   */
  taskRun(tool: ToolDefinition, args: unknown, request: DispatchRequest): ObservedCall {
    const fields = request.auditFields ?? {};
    return { kind: 'tool', name: tool.name, gateway: this.config.path, via: 'task', request, args, startedAt: performance.now(), skill: tool, fields };
  }

  /** Runs the call inside every observer's `around`, then reports how it ended. */
  run<T>(call: ObservedCall, run: () => MaybePromise<T>, settle: (value: T) => Settled): MaybePromise<T> {
    let invoke = run;
    for (const observer of this.arounds) {
      const inner = invoke;
      invoke = () => observer.around!(call, inner);
    }
    let value: MaybePromise<T>;
    try {
      value = invoke();
    } catch (error) {
      this.report(call, thrownSettled(error));
      throw error;
    }
    if (!isThenable(value)) {
      this.report(call, settle(value));
      return value;
    }
    return Promise.resolve(value).then(
      (settled) => {
        this.report(call, settle(settled));
        return settled;
      },
      (error: unknown) => {
        this.report(call, thrownSettled(error));
        throw error;
      },
    );
  }

  /** Tells every observer how a call ended; also fills in the trail of the HTTP request it served. */
  report(call: ObservedCall, settled: Settled): void {
    const handedOver = settled.outcome === 'refused' && call.request.refusalsHandedOver === true;
    const end = { ...settled, durationMs: performance.now() - call.startedAt, ...(handedOver ? { handedOver: true as const } : {}) };
    const trail = call.request.trail;
    if (trail && call.via !== 'task' && !handedOver) {
      trail.skill = call.name;
      trail.outcome = end.outcome;
      trail.reason = end.reason;
      trail.errorId = end.errorId;
    }
    for (const observer of this.all) {
      try {
        observer.settled(call, end);
      } catch (error) {
        if (this.failedOnce.has(observer)) continue;
        this.failedOnce.add(observer);
        this.logger.error(`A call observer (${observer.constructor.name}) failed and is skipped for this call: ${describeCause(error)}`);
      }
    }
  }
}
