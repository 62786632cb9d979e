import { CallCancellation } from '../context/call-cancellation';
import { isServerShutdown } from '../context/cancellation-group';
import { InputRequiredSignal, PendingInput } from '../context/pending-input';
import { SkillCallContext } from '../context/skill-call.context';
import type { SkillCallEnvironment } from '../context/skill-call.environment';
import type { SkillDefinition } from '../interfaces/skill-definition.interface';
import { isThenable, type MaybePromise } from './maybe-promise';

/** Why a call was stopped before the skill returned: its timeout, the client, or the server's drain deadline. */
export class CallAborted extends Error {
  constructor(readonly why: 'timeout' | 'cancelled' | 'shutdown') {
    super(why);
  }

  /** What the call was aborted with: the skill's timeout, the client's cancel, or the drain deadline. */
  static of(reason: unknown): CallAborted {
    return new CallAborted((reason as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : isServerShutdown(reason) ? 'shutdown' : 'cancelled');
  }
}

/** A skill's run: the value it returned, or the client input it asked for. */
export type Completed<T> = { value: T } | { pending: PendingInput };

/**
 * Calls the method with its context, under its timeout; input requests end the round early.
 * Synchronous when the method is: a plain value has nothing to time out or cancel.
 */
export function executeSkill(skill: SkillDefinition, input: unknown, env: SkillCallEnvironment): MaybePromise<Completed<unknown>> {
  const cancellation = env.cancellation ?? CallCancellation.following(env.signal);
  const ctx = new SkillCallContext(env, cancellation);
  let value: unknown;
  try {
    value = skill.handler.call(input, ctx);
  } catch (error) {
    cancellation.release();
    return stopped(ctx, error);
  }
  if (!isThenable(value)) {
    cancellation.release();
    return completed(ctx, value);
  }
  return settle(skill, value, env, cancellation, ctx);
}

/**
 * Waits for an asynchronous skill under its timeout and cancellation, in one promise: the
 * skill settling, the timer and the cancellation each end it once.
 */
function settle(
  skill: SkillDefinition,
  running: PromiseLike<unknown>,
  env: SkillCallEnvironment,
  cancellation: CallCancellation,
  ctx: SkillCallContext,
): Promise<Completed<unknown>> {
  const timeoutMs = skill.options.timeoutMs ?? env.defaultTimeoutMs;
  return new Promise<Completed<unknown>>((resolve, reject) => {
    // One timer per call, cleared when the call ends: AbortSignal.timeout would keep a timer
    // alive for the whole timeout after the call (at thousands of calls a second, a heap of
    // pending timers).
    const timer = setTimeout(() => cancellation.abort(new DOMException(`skill timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    let done = false;
    const end = (value: unknown, failed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cancellation.release();
      try {
        resolve(failed ? stopped(ctx, value) : completed(ctx, value));
      } catch (error) {
        reject(error);
      }
    };
    cancellation.onAbort((reason) => end(CallAborted.of(reason), true));
    // Not once ended (a call cancelled before it started): a released call must not stay in the group.
    if (env.calls && !done) cancellation.join(env.calls);
    running.then(
      (value) => end(value, false),
      (error: unknown) => end(error, true),
    );
  });
}

function completed(ctx: SkillCallContext, value: unknown): Completed<unknown> {
  const asked = ctx.asked;
  return asked ? { pending: new PendingInput(asked.pending, asked.validAnswers()) } : { value };
}

/** A skill that asked for input and then stopped (or failed) ends the round with its requests. */
function stopped(ctx: SkillCallContext, error: unknown): Completed<unknown> {
  const asked = ctx.asked;
  if (asked && (error instanceof InputRequiredSignal || !(error instanceof CallAborted))) {
    return { pending: new PendingInput(asked.pending, asked.validAnswers()) };
  }
  throw error;
}
