import { Inject, Injectable } from '@nestjs/common';
import type { CallSettled, ObservedCall, SkillCallObserver } from '../skill-call-observer';
import { AUDIT_SETTINGS } from './audit.constants';
import type { AuditSettings } from './audit.options';
import { auditRecord } from './audit-record';
import { AuditWriter } from './audit-writer';

/**
 * The audit trail's view of the dispatcher: one record per tool call, whatever its front door or
 * outcome (refusals included: who tried what matters as much as what ran), and one more when a
 * task's work ends (`via: 'task'`). Prompts, resources and completions are reads that change
 * nothing; metrics and traces cover them. On the request path: builds the record and queues it.
 */
@Injectable()
export class AuditObserver implements SkillCallObserver {
  private readonly maxArgumentBytes: number;

  constructor(
    private readonly writer: AuditWriter,
    @Inject(AUDIT_SETTINGS) settings: AuditSettings,
  ) {
    this.maxArgumentBytes = settings.maxArgumentBytes;
  }

  settled(call: ObservedCall, end: CallSettled): void {
    // A refusal the fast path hands to the SDK is recorded once, when the SDK dispatches it.
    if (call.kind !== 'tool' || end.handedOver) return;
    this.writer.push(auditRecord(call, end, this.maxArgumentBytes));
  }
}
