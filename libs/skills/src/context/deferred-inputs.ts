import type { InputRequestSpec } from './pending-input';

/**
 * Where a call that runs as a task sends the input its skill asks for: the request is recorded on
 * the task (`input_required`, `inputRequests`) and the skill waits, suspended, until the client
 * answers it (`tasks/update`), instead of ending the round and running again from the top as a
 * multi-round request does. Resolves with the client's raw answer for `key`; rejects when the task
 * stops first (cancelled, lost) or the client cannot take that kind of request.
 */
export interface DeferredInputs {
  wait(key: string, request: InputRequestSpec): Promise<unknown>;
}
