import { inputResponse } from '@modelcontextprotocol/server';
import type { CreateMessageRequestParams, CreateMessageResult, ElicitResult, Root } from '@modelcontextprotocol/server';
import { InputRequiredSignal, type InputRequestSpec } from './pending-input';

/** An elicitation: a message and a flat JSON Schema of primitive fields. */
export interface ElicitRequest {
  /** Names the request across rounds; defaults to `elicit-<n>` by call order. */
  key?: string;
  message: string;
  requestedSchema: { type: 'object'; properties: Record<string, Record<string, unknown>>; required?: string[] };
}

export type SampleRequest = CreateMessageRequestParams & { key?: string };

/**
 * Asks the client for input the way both protocol eras can serve: the first time a skill asks
 * for `key`, the request is recorded and the skill stops (`InputRequiredSignal`); the client
 * answers and retries the call (2026-07-28), or the SDK pushes real requests and re-enters
 * (legacy sessions); the skill runs again from the top and this time gets the answer. Skills
 * must therefore be safe to re-run up to the point where they ask.
 */
export class InputRequestCollector {
  readonly pending: Record<string, InputRequestSpec> = {};
  private counter = 0;

  constructor(
    /** Answers from earlier rounds (verified state) merged with this round's responses. */
    readonly answers: Record<string, unknown>,
  ) {}

  get hasPending(): boolean {
    for (const _ in this.pending) return true;
    return false;
  }

  elicit(request: ElicitRequest): Promise<ElicitResult> {
    const key = request.key ?? `elicit-${++this.counter}`;
    const view = inputResponse(this.answers, key);
    if (view.kind === 'elicit') return Promise.resolve({ action: view.action, ...(view.content ? { content: view.content } : {}) } as ElicitResult);
    return this.ask(key, { method: 'elicitation/create', params: { message: request.message, requestedSchema: request.requestedSchema } });
  }

  sample(request: SampleRequest): Promise<CreateMessageResult> {
    const { key: given, ...params } = request;
    const key = given ?? `sample-${++this.counter}`;
    const view = inputResponse(this.answers, key);
    if (view.kind === 'sampling') return Promise.resolve(view.result as CreateMessageResult);
    return this.ask(key, { method: 'sampling/createMessage', params: params as Record<string, unknown> });
  }

  listRoots(request: { key?: string } = {}): Promise<{ roots: Root[] }> {
    const key = request.key ?? `roots-${++this.counter}`;
    const view = inputResponse(this.answers, key);
    if (view.kind === 'roots') return Promise.resolve({ roots: view.roots });
    return this.ask(key, { method: 'roots/list', params: {} });
  }

  /** The answers worth carrying to the next round: only well-formed ones. */
  validAnswers(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.answers).filter(([key]) => inputResponse(this.answers, key).kind !== 'missing'));
  }

  private ask<T>(key: string, spec: InputRequestSpec): Promise<T> {
    this.pending[key] = spec;
    const stop = Promise.reject<T>(new InputRequiredSignal());
    // A skill that fires requests without awaiting them must not crash the process; the
    // invoker sees `pending` either way.
    stop.catch(() => undefined);
    return stop;
  }
}
