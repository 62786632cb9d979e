/** One request a skill needs the client to answer: elicitation, sampling or roots. */
export interface InputRequestSpec {
  method: 'elicitation/create' | 'sampling/createMessage' | 'roots/list';
  params: Record<string, unknown>;
}

/**
 * What a call returns instead of a result when the skill asked for input the client has not
 * given yet: the requests to send, and every answer gathered so far (carried to the next round,
 * integrity-protected, because a client only sends back the latest round's answers).
 */
export class PendingInput {
  constructor(
    readonly requests: Record<string, InputRequestSpec>,
    readonly answers: Record<string, unknown>,
  ) {}
}

/**
 * Thrown by `ctx.elicit()` and friends when the answer is not there yet. The invoker turns it
 * into a `PendingInput`; a skill should let it propagate (it is not a failure).
 */
export class InputRequiredSignal extends Error {
  override name = 'InputRequiredSignal';
  constructor() {
    super('input required from the client');
  }
}
