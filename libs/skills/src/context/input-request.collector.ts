import { inputResponse } from '@modelcontextprotocol/server';
import type { CreateMessageRequestParams, CreateMessageResult, ElicitResult, Root } from '@modelcontextprotocol/server';
import type { DeferredInputs } from './deferred-inputs';
import { InputRequiredSignal, type InputRequestSpec } from './pending-input';
import { SkillError } from '../errors/skill.error';
import { SkillsMessages } from '../skills.messages';

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
 * must therefore be safe to re-run up to the point where they ask. In a call that runs as a task
 * (`deferred` gives a channel) the skill is suspended instead, and resumes with the answer.
 */
export class InputRequestCollector {
  readonly pending: Record<string, InputRequestSpec> = {};
  private counter = 0;

  constructor(
    /** Answers from earlier rounds (verified state) merged with this round's responses. */
    readonly answers: Record<string, unknown>,
    /** The task's input channel once the call runs as a task; undefined before (and for plain calls). */
    private readonly deferred?: () => DeferredInputs | undefined,
  ) {}

  get hasPending(): boolean {
    for (const _ in this.pending) return true;
    return false;
  }

  elicit(request: ElicitRequest): Promise<ElicitResult> {
    const key = request.key ?? `elicit-${++this.counter}`;
    const read = () => {
      const view = inputResponse(this.answers, key);
      return view.kind === 'elicit' ? ({ action: view.action, ...(view.content ? { content: view.content } : {}) } as ElicitResult) : undefined;
    };
    return this.answered(key, read, { method: 'elicitation/create', params: { message: request.message, requestedSchema: request.requestedSchema } });
  }

  sample(request: SampleRequest): Promise<CreateMessageResult> {
    const { key: given, ...params } = request;
    const key = given ?? `sample-${++this.counter}`;
    const read = () => {
      const view = inputResponse(this.answers, key);
      return view.kind === 'sampling' ? (view.result as CreateMessageResult) : undefined;
    };
    return this.answered(key, read, { method: 'sampling/createMessage', params: params as Record<string, unknown> });
  }

  listRoots(request: { key?: string } = {}): Promise<{ roots: Root[] }> {
    const key = request.key ?? `roots-${++this.counter}`;
    const read = () => {
      const view = inputResponse(this.answers, key);
      return view.kind === 'roots' ? { roots: view.roots } : undefined;
    };
    return this.answered(key, read, { method: 'roots/list', params: {} });
  }

  /** The answers worth carrying to the next round: only well-formed ones. */
  validAnswers(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.answers).filter(([key]) => inputResponse(this.answers, key).kind !== 'missing'));
  }

  /** The answer already given for `key`, else the request: deferred to the task, or the end of this round. */
  private answered<T>(key: string, read: () => T | undefined, spec: InputRequestSpec): Promise<T> {
    const known = read();
    if (known !== undefined) return Promise.resolve(known);
    const channel = this.deferred?.();
    if (channel) {
      return channel.wait(key, spec).then((answer) => {
        this.answers[key] = answer;
        const value = read();
        if (value === undefined) throw new SkillError(SkillsMessages.malformedAnswer(key, spec.method));
        return value;
      });
    }
    this.pending[key] = spec;
    const stop = Promise.reject<T>(new InputRequiredSignal());
    // A skill that fires requests without awaiting them must not crash the process; the
    // invoker sees `pending` either way.
    stop.catch(() => undefined);
    return stop;
  }
}
