import type { SkillDefinition } from '@skillnest/skills';
import type { CallSettled, FrontDoor, ObservedCall, ObservedKind } from '../skill-call-observer';

/** The `via` label values, in slot order. */
export const FRONT_DOORS: readonly FrontDoor[] = ['mcp', 'rest', 'agent', 'task', 'stdio'];

/** The dispatcher's refusal reasons (`DispatchRefusal`); anything else is counted as `other`. */
const REFUSALS = ['unknown', 'scope', 'guard', 'rate', 'capability', 'tasks', 'unavailable', 'other'] as const;

/** How a call ended, as counted: every outcome but `refused`, then `refused` by reason. A bounded set of label values. */
export const OUTCOME_SLOTS: ReadonlyArray<{ readonly outcome: CallSettled['outcome']; readonly reason?: string }> = [
  ...(['ok', 'tool_error', 'invalid', 'input_required', 'task', 'failed'] as const).map((outcome) => ({ outcome })),
  ...REFUSALS.map((reason) => ({ outcome: 'refused' as const, reason })),
];
const SLOTS = OUTCOME_SLOTS.length;
const REFUSED_AT = 6;
export const RATE_SLOT = REFUSED_AT + REFUSALS.indexOf('rate');
export const SCOPE_SLOT = REFUSED_AT + REFUSALS.indexOf('scope');
const OTHER_REFUSAL = REFUSED_AT + REFUSALS.indexOf('other');
const REFUSAL_SLOT: Readonly<Record<string, number>> = Object.fromEntries(REFUSALS.map((reason, index) => [reason, REFUSED_AT + index]));

/** Upper bounds of the call duration histogram, in seconds: a cached read (1 ms) to a long Claude call (60 s). */
export const DURATION_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const BOUNDS = Float64Array.from(DURATION_BUCKETS);

/** The index of a front door in `FRONT_DOORS`. */
function doorOf(via: FrontDoor): number {
  switch (via) {
    case 'mcp':
      return 0;
    case 'rest':
      return 1;
    case 'agent':
      return 2;
    case 'task':
      return 3;
    default:
      return 4;
  }
}

/** The slot of an outcome, or -1 for one that is not a call (see `CallTallies.record`). */
function slotOf(end: CallSettled, via: FrontDoor): number {
  switch (end.outcome) {
    case 'ok':
      return 0;
    case 'tool_error':
      return 1;
    case 'invalid':
      return 2;
    case 'input_required':
      return 3;
    case 'task':
      return 4;
    case 'failed':
      return 5;
    default:
      // MCP answers a missing scope before dispatch (the SDK's 403, an auth failure); the fast
      // path's trial dispatch of such a call is no call of its own.
      if (end.reason === 'scope' && via === 'mcp') return -1;
      return REFUSAL_SLOT[end.reason ?? 'other'] ?? OTHER_REFUSAL;
  }
}

/**
 * The counts of one skill (or of the `unknown` bucket of a kind) on one gateway: calls by front
 * door and outcome slot, and the duration histogram. Plain numbers in typed arrays, updated in
 * place: recording a call allocates nothing; metrics read them at a scrape.
 */
export class CallTally {
  readonly counts = new Float64Array(FRONT_DOORS.length * SLOTS);
  /** Per bucket, not cumulative; the last one holds durations above every bound. */
  readonly buckets = new Float64Array(BOUNDS.length + 1);
  sum = 0;

  constructor(
    readonly gateway: string,
    readonly kind: ObservedKind,
    readonly skill: string,
  ) {}

  count(door: number, slot: number): number {
    return this.counts[door * SLOTS + slot];
  }
}

interface GatewayTallies {
  readonly skills: Map<SkillDefinition, CallTally>;
  readonly unknown: Map<ObservedKind, CallTally>;
  /** By kind and label value: two definitions that would print as one series (a skill named `unknown`) share a tally. */
  readonly byLabel: Map<string, CallTally>;
}

/**
 * Every call's count and duration, by gateway, kind and skill. A skill is known by its definition
 * (the name it was declared with); a call to a name no skill has goes into one `unknown` bucket per
 * kind, so no client string ever becomes a label value. A tally is made once per skill and reused.
 */
export class CallTallies {
  private readonly gateways = new Map<string, GatewayTallies>();
  /** The gateway of the last call: an app has one or a few, so this usually spares the map lookup. */
  private last?: { path: string; tallies: GatewayTallies };
  private readonly list: CallTally[] = [];

  /** Counts one settled call: a few map lookups and array writes, nothing allocated after a skill's first call. */
  record(call: ObservedCall, end: CallSettled): void {
    const slot = slotOf(end, call.via);
    if (slot < 0) return;
    const tally = this.tallyOf(call);
    tally.counts[doorOf(call.via) * SLOTS + slot]++;
    const seconds = end.durationMs / 1000;
    let bucket = 0;
    while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) bucket++;
    tally.buckets[bucket]++;
    tally.sum += seconds;
  }

  /** Every tally so far (a scrape reads them). */
  all(): readonly CallTally[] {
    return this.list;
  }

  private tallyOf(call: ObservedCall): CallTally {
    let gateway = this.last?.path === call.gateway ? this.last.tallies : this.gateways.get(call.gateway);
    if (gateway === undefined) this.gateways.set(call.gateway, (gateway = { skills: new Map(), unknown: new Map(), byLabel: new Map() }));
    if (this.last?.tallies !== gateway) this.last = { path: call.gateway, tallies: gateway };
    const skill = call.skill;
    let tally = skill === undefined ? gateway.unknown.get(call.kind) : gateway.skills.get(skill);
    if (tally !== undefined) return tally;
    const name = skill?.name ?? 'unknown';
    tally = gateway.byLabel.get(`${call.kind}\u0000${name}`);
    if (tally === undefined) {
      tally = new CallTally(call.gateway, call.kind, name);
      gateway.byLabel.set(`${call.kind}\u0000${name}`, tally);
      this.list.push(tally);
    }
    if (skill === undefined) gateway.unknown.set(call.kind, tally);
    else gateway.skills.set(skill, tally);
    return tally;
  }
}
