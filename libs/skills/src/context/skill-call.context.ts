import type { CreateMessageResult, ElicitResult, LoggingLevel, Root } from '@modelcontextprotocol/server';
import type { AuditFieldValue, SkillCaller, SkillClient, SkillContext } from '../interfaces/skill-context.interface';
import { addAuditFields } from './audit-fields.util';
import type { CallCancellation } from './call-cancellation';
import { InputRequestCollector, type ElicitRequest, type SampleRequest } from './input-request.collector';
import type { SkillCallEnvironment } from './skill-call.environment';
import type { SkillCallOrigin } from './skill-call.origin';

/**
 * The `SkillContext` of one call. Most skills never touch the signal or ask for input, so what
 * those need (the AbortSignal, the input collector, the bound methods) is built on first use; a
 * plain call allocates this object and nothing else. The methods are getters returning bound
 * functions, so `const { elicit, progress } = ctx` keeps working.
 */
export class SkillCallContext implements SkillContext {
  readonly caller: SkillCaller;
  readonly client: SkillClient;
  readonly requestId: string | number;
  readonly progress: (done: number, total?: number, message?: string) => Promise<void>;
  readonly log: (level: LoggingLevel, message: string, data?: unknown) => Promise<void>;
  /** Not part of `SkillContext`: read by the gateway's enhancers and the agent (`originOf`). */
  readonly origin: SkillCallOrigin | undefined;
  private readonly answers: Record<string, unknown>;
  private readonly deferred: SkillCallEnvironment['deferredInputs'];
  private readonly auditFields: Record<string, unknown> | undefined;
  private collector?: InputRequestCollector;

  constructor(
    env: SkillCallEnvironment,
    private readonly cancellation: CallCancellation,
  ) {
    this.answers = env.answers;
    this.deferred = env.deferredInputs;
    this.caller = env.caller;
    this.client = env.client;
    this.requestId = env.requestId;
    this.progress = env.progress;
    this.log = env.log;
    this.origin = env.origin;
    this.auditFields = env.auditFields;
  }

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }

  get elicit(): (request: ElicitRequest) => Promise<ElicitResult> {
    return (request) => this.inputs.elicit(request);
  }

  get sample(): (request: SampleRequest) => Promise<CreateMessageResult> {
    return (request) => this.inputs.sample(request);
  }

  get listRoots(): (request?: { key?: string }) => Promise<{ roots: Root[] }> {
    return (request) => this.inputs.listRoots(request);
  }

  get audit(): (fields: Readonly<Record<string, AuditFieldValue>>) => void {
    return (fields) => {
      if (this.auditFields) addAuditFields(this.auditFields, fields);
    };
  }

  /** The input requests the skill made, if it made any. */
  get asked(): InputRequestCollector | undefined {
    return this.collector?.hasPending ? this.collector : undefined;
  }

  private get inputs(): InputRequestCollector {
    return (this.collector ??= new InputRequestCollector(this.answers, this.deferred));
  }
}
