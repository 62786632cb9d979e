import type { TestingModule } from '@nestjs/testing';
import { ProtocolError } from '@modelcontextprotocol/server';
import { SkillDispatcher } from '@skillnest/gateway';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import type { PendingInput } from '@skillnest/skills/internal';
import { GatewayConfig } from '../../../libs/gateway/src/config/gateway-config';
import type { RoundBinding } from '../../../libs/gateway/src/dispatch/round-state.binding';
import { RoundStateCodec } from '../../../libs/gateway/src/dispatch/round-state.codec';
import type { McpGatewayOptions } from '../../../libs/gateway/src/mcp-gateway.options';
import { STATE_KEY, gatewayProviders } from './gateway-test-module';

const OTHER_KEY = 'another-replica-set-key-fedcba9876543210fedcba';
const CALL: RoundBinding = { callerId: 'alice', method: 'tools/call', target: 'probe_counted_ask', args: { n: 1, tag: 'x' } };
const ANSWERS = { go: { action: 'accept', content: { ok: true } } };

const codec = (options: McpGatewayOptions) => new RoundStateCodec(new GatewayConfig({ requestStateKey: STATE_KEY, ...options }));
/** The `-32602` cause a state is refused with, or `opened` with the answers it carried. */
function opening(rounds: RoundStateCodec, state: unknown, binding: RoundBinding = CALL): unknown {
  try {
    return { opened: rounds.earlierAnswers(state, binding) };
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: -32602, message: expect.stringMatching(/^Invalid or expired requestState: .*; start the call again without requestState\.$/) });
    return (error as ProtocolError).data;
  }
}
const refused = (cause: string) => ({ reason: 'invalid_request_state', cause });

describe('RoundStateCodec', () => {
  let moduleRef: TestingModule;
  let rounds: RoundStateCodec;
  let pending: PendingInput;
  /** The state of a pending input carrying ANSWERS, sealed by `by` for `binding`. */
  const sealed = (by = rounds, binding = CALL) => by.inputRequired({ requests: pending.requests, answers: ANSWERS } as PendingInput, binding).requestState!;

  beforeAll(async () => {
    moduleRef = await gatewayProviders({ requestStateKey: STATE_KEY });
    rounds = moduleRef.get(RoundStateCodec);
    // A real pending input: a skill that asks the user to confirm.
    const outcome = await moduleRef
      .get(SkillDispatcher)
      .callTool(
        'probe_counted_ask',
        {},
        { caller: ANONYMOUS_CALLER, client: { era: 'modern', capabilities: {} }, requestId: 1, headers: {}, answers: { earlier: { action: 'accept' } } },
      );
    if (outcome.outcome !== 'input_required') throw new Error(`expected input_required, got ${outcome.outcome}`);
    pending = outcome.pending;
  });
  afterAll(async () => moduleRef?.close());
  afterEach(() => jest.useRealTimers());

  it('writes the input_required result of a skill that asks, with the answers so far in a state that opens for its call', () => {
    const result = rounds.inputRequired(pending, CALL) as unknown as { inputRequests: Record<string, { method: string }>; requestState: string };
    expect(result.inputRequests).toEqual({ go: expect.objectContaining({ method: 'elicitation/create' }) });
    expect(opening(rounds, result.requestState)).toEqual({ opened: { earlier: { action: 'accept' } } });
  });

  it('has nothing earlier without a state', () => {
    expect(opening(rounds, undefined)).toEqual({ opened: {} });
  });

  it('opens only for the same caller, method, target and arguments (in any key order)', () => {
    const state = sealed();
    expect(opening(rounds, state, { ...CALL, args: { tag: 'x', n: 1 } })).toEqual({ opened: ANSWERS });
    for (const other of [{ callerId: 'bob' }, { method: 'prompts/get' }, { target: 'probe_enhanced' }, { args: { n: 2, tag: 'x' } }, { args: { n: 1 } }, { args: {} }]) {
      expect(opening(rounds, state, { ...CALL, ...other })).toEqual(refused('mismatch'));
    }
  });

  it('treats absent arguments as empty ones, as both front doors may send either', () => {
    expect(opening(rounds, sealed(rounds, { ...CALL, args: undefined }), { ...CALL, args: {} })).toEqual({ opened: ANSWERS });
  });

  it('seals the answers: the state bytes do not contain them, and each state is fresh', () => {
    const state = sealed();
    expect(Buffer.from(state.slice(3), 'base64url').toString('latin1')).not.toMatch(/accept|"go"/);
    expect(sealed()).not.toBe(state);
  });

  it('refuses a state with any byte changed, and strings that are no state', () => {
    const bytes = Buffer.from(sealed().slice(3), 'base64url');
    for (const at of [8, 12, 30, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] ^= 1;
      expect(opening(rounds, `v2.${changed.toString('base64url')}`)).toEqual(refused('mismatch'));
    }
    const legacySigned = 'v1.eyJwIjp7ImEiOnt9fSwiZXhwIjo5OTk5OTk5OTk5fQ.c2ln';
    for (const junk of ['', 'v2.', 'not-a-state', legacySigned, 'v2.AAAA', 42]) expect(opening(rounds, junk)).toEqual(refused('malformed'));
  });

  it('opens a state sealed by another replica with the same key', () => {
    expect(opening(codec({}), sealed())).toEqual({ opened: ANSWERS });
  });

  it('refuses a state sealed with another key, both ways, and between gateways given no key', () => {
    const other = codec({ requestStateKey: OTHER_KEY });
    expect(opening(rounds, sealed(other))).toEqual(refused('unknown_key'));
    expect(opening(other, sealed())).toEqual(refused('unknown_key'));
    const first = new RoundStateCodec(new GatewayConfig({}));
    const second = new RoundStateCodec(new GatewayConfig({}));
    expect(opening(first, sealed(first))).toEqual({ opened: ANSWERS });
    expect(opening(second, sealed(first))).toEqual(refused('unknown_key'));
  });

  it('after a rotation opens states of the current and previous keys, and seals with the current one', () => {
    const rotated = codec({ requestStateKey: OTHER_KEY, previousRequestStateKeys: [STATE_KEY] });
    expect(opening(rotated, sealed())).toEqual({ opened: ANSWERS });
    expect(opening(rotated, sealed(rotated))).toEqual({ opened: ANSWERS });
    expect(opening(rounds, sealed(rotated))).toEqual(refused('unknown_key'));
  });

  it('refuses its own state once the default ten minutes have passed', () => {
    const state = sealed();
    jest.useFakeTimers({ now: Date.now() + 9 * 60_000 });
    expect(opening(rounds, state)).toEqual({ opened: ANSWERS });
    jest.setSystemTime(Date.now() + 2 * 60_000);
    expect(opening(rounds, state)).toEqual(refused('expired'));
  });

  it('keeps to a configured TTL, and says how long a state lives', () => {
    const brief = codec({ requestStateTtlMs: 5_000 });
    const state = sealed(brief);
    jest.useFakeTimers({ now: Date.now() + 4_000 });
    expect(opening(brief, state)).toEqual({ opened: ANSWERS });
    jest.setSystemTime(Date.now() + 2_000);
    expect(() => brief.earlierAnswers(state, CALL)).toThrow('Invalid or expired requestState: it expired (a state is valid for 5 s); start the call again without requestState.');
  });
});
