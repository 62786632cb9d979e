/**
 * `@skillnest/skills/internal`: the machinery the other Skillnest libs share (the invoker, call
 * environments, cancellation, input-request plumbing). Not for skill authors: what they need is
 * in the public entry, `@skillnest/skills`.
 */
export { InputRequestCollector } from './context/input-request.collector';
export { InputRequiredSignal, PendingInput, type InputRequestSpec } from './context/pending-input';
export type { SkillCallEnvironment } from './context/skill-call.environment';
export type { DeferredInputs } from './context/deferred-inputs';
export { originOf, type NestedCallOptions, type NestedSkillCalls, type SkillCallHeaders, type SkillCallOrigin } from './context/skill-call.origin';
export { CallCancellation, type StopWatching } from './context/call-cancellation';
export { CancellationGroup, isServerShutdown, serverShutdownReason } from './context/cancellation-group';
export { callerMayUse, missingScopes } from './access/caller-may-use.util';
export { completionKey } from './interfaces/skill-definition.interface';
export { SkillInvoker } from './invoker/skill.invoker';
export { isThenable, type MaybePromise } from './invoker/maybe-promise';
export { describeCause, isErrorLike, isSecretName, redactSecretText, redactSecrets } from './invoker/redact.util';
export { logSafe } from './invoker/log-safe.util';
export { SkillsMessages } from './skills.messages';
export { toolErrorDetail, toolErrorResult } from './invoker/skill-result.mapper';
