import type { CancellationGroup, NestedSkillCalls, SkillCallEnvironment } from '@skillnest/skills/internal';
import type { DispatchRequest } from './dispatch.types';

const noop = async () => undefined;

/** The environment the invoker turns into the skill's `SkillContext`, from the front door's request. */
export function callEnvironment(request: DispatchRequest, nested: NestedSkillCalls, running: CancellationGroup, defaultTimeoutMs: number): SkillCallEnvironment {
  request.nested = nested;
  return {
    caller: request.caller,
    client: request.client,
    requestId: request.requestId,
    signal: request.signal,
    cancellation: request.cancellation,
    calls: running,
    answers: request.answers ?? {},
    defaultTimeoutMs: request.defaultTimeoutMs ?? defaultTimeoutMs,
    progress: request.progress ?? noop,
    log: request.log ?? noop,
    origin: request as DispatchRequest & { headers: DispatchRequest['headers'] },
    auditFields: request.auditFields,
  };
}
