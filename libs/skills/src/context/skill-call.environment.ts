import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { SkillCaller, SkillClient } from '../interfaces/skill-context.interface';
import type { CallCancellation } from './call-cancellation';
import type { CancellationGroup } from './cancellation-group';
import type { DeferredInputs } from './deferred-inputs';
import type { SkillCallOrigin } from './skill-call.origin';

/**
 * What a front door (the MCP gateway, REST) knows about one call, handed to the invoker, which
 * turns it into the skill's `SkillContext`.
 */
export interface SkillCallEnvironment {
  caller: SkillCaller;
  client: SkillClient;
  requestId: string | number;
  /** Fires when the client goes away or cancels (the invoker follows it from the start). */
  signal?: AbortSignal;
  /**
   * Instead of `signal`: a cancellation the front door owns for this call alone, which watches the
   * client only once the skill reads `ctx.signal`; the invoker fires it on timeout too.
   */
  cancellation?: CallCancellation;
  /** The front door's running calls, which this call joins while it runs (cancelled together at the drain deadline). */
  calls?: CancellationGroup;
  /** Answers to input requests from earlier rounds and this one. */
  answers: Record<string, unknown>;
  /** Used when the skill sets no `timeoutMs`. */
  defaultTimeoutMs: number;
  /** Where the call came from (request headers, the path that dispatched it), for enhancers and nested calls. */
  origin?: SkillCallOrigin;
  /** In a call that runs as a task: where its input requests wait for the client (undefined while it is not a task yet). */
  deferredInputs?: () => DeferredInputs | undefined;
  /** Where `ctx.audit({...})` puts the skill's own fields for the call's audit record (undefined: nobody records them). */
  auditFields?: Record<string, unknown>;
  progress(done: number, total?: number, message?: string): Promise<void>;
  log(level: LoggingLevel, message: string, data?: unknown): Promise<void>;
}
