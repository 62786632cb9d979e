import { Injectable } from '@nestjs/common';
import type { CallSettled, ObservedCall, SkillCallObserver } from '../skill-call-observer';
import { CallTallies } from './call-tallies';

/**
 * The metrics part's observer of every call: counts it and its duration in `CallTallies` (on the
 * request path: plain array updates, nothing allocated), which metrics read at a scrape.
 */
@Injectable()
export class CallMetricsObserver implements SkillCallObserver {
  readonly tallies = new CallTallies();

  settled(call: ObservedCall, end: CallSettled): void {
    // A refusal the fast path hands to the SDK is counted once, when the SDK dispatches it.
    if (end.handedOver) return;
    this.tallies.record(call, end);
  }
}
