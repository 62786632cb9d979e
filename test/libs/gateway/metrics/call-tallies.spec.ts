import type { SkillDefinition } from '@skillnest/skills';
import type { CallSettled, FrontDoor, ObservedCall } from '@skillnest/gateway';
import { CallTallies, DURATION_BUCKETS, FRONT_DOORS, OUTCOME_SLOTS } from '../../../../libs/gateway/src/observe/metrics/call-tallies';

const skill = (name: string) => ({ kind: 'tool', name }) as unknown as SkillDefinition;
const call = (found: SkillDefinition | undefined, via: FrontDoor = 'mcp', gateway = '/mcp') =>
  ({ kind: 'tool', name: found?.name ?? 'a client string', gateway, via, request: {}, args: {}, startedAt: 0, skill: found, fields: {} }) as unknown as ObservedCall;
const end = (outcome: CallSettled['outcome'], durationMs = 1, reason?: string): CallSettled => ({ outcome, durationMs, ...(reason ? { reason } : {}) });
const slot = (outcome: string, reason?: string) => OUTCOME_SLOTS.findIndex((entry) => entry.outcome === outcome && entry.reason === reason);
const door = (via: FrontDoor) => FRONT_DOORS.indexOf(via);

describe('CallTallies', () => {
  it('counts calls by skill, front door and outcome, one tally per skill', () => {
    const tallies = new CallTallies();
    const search = skill('search');
    tallies.record(call(search), end('ok'));
    tallies.record(call(search), end('ok'));
    tallies.record(call(search, 'rest'), end('tool_error', 1, 'upstream'));
    tallies.record(call(search), end('refused', 1, 'rate'));
    const [tally] = tallies.all();
    expect(tallies.all()).toHaveLength(1);
    expect(tally).toMatchObject({ gateway: '/mcp', kind: 'tool', skill: 'search' });
    expect(tally.count(door('mcp'), slot('ok'))).toBe(2);
    expect(tally.count(door('rest'), slot('tool_error'))).toBe(1);
    expect(tally.count(door('mcp'), slot('refused', 'rate'))).toBe(1);
  });

  it('puts every name no skill has into one unknown bucket per gateway and kind, whatever the client sent', () => {
    const tallies = new CallTallies();
    for (let index = 0; index < 100; index++) tallies.record(call(undefined), end('refused', 1, 'unknown'));
    tallies.record(call(undefined, 'mcp', '/other'), end('refused', 1, 'unknown'));
    expect(tallies.all().map((tally) => [tally.gateway, tally.skill, tally.count(0, slot('refused', 'unknown'))])).toEqual([
      ['/mcp', 'unknown', 100],
      ['/other', 'unknown', 1],
    ]);
  });

  it('shares one tally between a skill named unknown and the unknown bucket, so no series is printed twice', () => {
    const tallies = new CallTallies();
    tallies.record(call(undefined), end('refused', 1, 'unknown'));
    tallies.record(call(skill('unknown')), end('ok'));
    expect(tallies.all()).toHaveLength(1);
  });

  it('counts a refusal reason it does not know as other', () => {
    const tallies = new CallTallies();
    tallies.record(call(skill('x')), end('refused', 1, 'something new'));
    expect(tallies.all()[0].count(0, slot('refused', 'other'))).toBe(1);
  });

  it("leaves out MCP's trial dispatch of a call missing a scope (the SDK answers it 403 before dispatch), not REST's", () => {
    const tallies = new CallTallies();
    tallies.record(call(skill('x')), end('refused', 1, 'scope'));
    expect(tallies.all()).toHaveLength(0);
    tallies.record(call(skill('x'), 'rest'), end('refused', 1, 'scope'));
    expect(tallies.all()[0].count(door('rest'), slot('refused', 'scope'))).toBe(1);
  });

  it('sorts durations into the buckets by upper bound (le), above them all into the last', () => {
    const tallies = new CallTallies();
    const x = skill('x');
    for (const ms of [0.5, 1, 1.5, 60_000, 61_000]) tallies.record(call(x), end('ok', ms));
    const { buckets, sum } = tallies.all()[0];
    expect(buckets[DURATION_BUCKETS.indexOf(0.001)]).toBe(2);
    expect(buckets[DURATION_BUCKETS.indexOf(0.0025)]).toBe(1);
    expect(buckets[DURATION_BUCKETS.indexOf(60)]).toBe(1);
    expect(buckets[DURATION_BUCKETS.length]).toBe(1);
    expect(sum).toBeCloseTo(121.003, 6);
  });
});
