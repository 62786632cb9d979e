import type { TestingModule } from '@nestjs/testing';
import type { ServerContext } from '@modelcontextprotocol/server';
import { SkillDispatcher } from '@skillnest/gateway';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import type { PendingInput } from '@skillnest/skills/internal';
import { GatewayConfig } from '../../../libs/gateway/src/config/gateway-config';
import { RoundStateCodec, type RoundState } from '../../../libs/gateway/src/dispatch/round-state.codec';
import { STATE_KEY, gatewayProviders } from './gateway-test-module';

/** The gateway's codec binds states to nothing, so verification ignores the request context. */
const NO_CONTEXT = {} as ServerContext;
const OTHER_KEY = 'another-replica-set-key-fedcba9876543210fedcba';

/** The base64url body of a signed state, decoded. */
const bodyOf = (state: string) => JSON.parse(Buffer.from(state.slice(3, state.lastIndexOf('.')), 'base64url').toString('utf8')) as { p: RoundState; exp: number };
/** The same state with its body replaced and the old signature kept. */
const withBody = (state: string, body: unknown) => `v1.${Buffer.from(JSON.stringify(body)).toString('base64url')}${state.slice(state.lastIndexOf('.'))}`;

describe('RoundStateCodec', () => {
  let moduleRef: TestingModule;
  let rounds: RoundStateCodec;
  let pending: PendingInput;

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

  it('verifies what it signed, answers included', async () => {
    const state = await rounds.codec.mint({ a: { go: { action: 'accept', content: { ok: true } } } });
    await expect(rounds.codec.verify(state, NO_CONTEXT)).resolves.toEqual({ a: { go: { action: 'accept', content: { ok: true } } } });
  });

  it('writes the input_required result of a skill that asks, with the answers so far in a state it can verify', async () => {
    const result = (await rounds.inputRequired(pending)) as unknown as { inputRequests: Record<string, { method: string }>; requestState: string };
    expect(result.inputRequests).toEqual({ go: expect.objectContaining({ method: 'elicitation/create' }) });
    expect(typeof result.requestState).toBe('string');
    await expect(rounds.codec.verify(result.requestState, NO_CONTEXT)).resolves.toEqual({ a: { earlier: { action: 'accept' } } });
  });

  it('accepts a state signed by another replica with the same key', async () => {
    const state = await rounds.codec.mint({ a: { go: 1 } });
    const replica = new RoundStateCodec(new GatewayConfig({ requestStateKey: STATE_KEY }));
    await expect(replica.codec.verify(state, NO_CONTEXT)).resolves.toEqual({ a: { go: 1 } });
  });

  it('rejects a state whose answers were changed, keeping the signature', async () => {
    const state = await rounds.codec.mint({ a: { go: { action: 'decline' } } });
    const body = bodyOf(state);
    expect(body.p).toEqual({ a: { go: { action: 'decline' } } }); // signed, not encrypted
    const forged = withBody(state, { ...body, p: { a: { go: { action: 'accept' } } } });
    await expect(rounds.codec.verify(forged, NO_CONTEXT)).rejects.toThrow('mac');
    const extended = withBody(state, { ...body, exp: body.exp + 86_400 });
    await expect(rounds.codec.verify(extended, NO_CONTEXT)).rejects.toThrow('mac');
  });

  it('rejects a state with a changed signature, and strings that are no state at all', async () => {
    const state = await rounds.codec.mint({ a: {} });
    const mac = state.slice(state.lastIndexOf('.') + 1);
    const flipped = `${state.slice(0, state.lastIndexOf('.') + 1)}${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    await expect(rounds.codec.verify(flipped, NO_CONTEXT)).rejects.toThrow('mac');
    for (const junk of ['', 'v1.', 'not-a-state', `v2${state.slice(2)}`, state.slice(0, state.lastIndexOf('.'))]) {
      await expect(rounds.codec.verify(junk, NO_CONTEXT)).rejects.toThrow('malformed');
    }
  });

  it('rejects a state signed with another key, both ways', async () => {
    const other = new RoundStateCodec(new GatewayConfig({ requestStateKey: OTHER_KEY }));
    await expect(rounds.codec.verify(await other.codec.mint({ a: { go: 1 } }), NO_CONTEXT)).rejects.toThrow('mac');
    await expect(other.codec.verify(await rounds.codec.mint({ a: { go: 1 } }), NO_CONTEXT)).rejects.toThrow('mac');
  });

  it('rejects a state between gateways that were given no key (each draws its own)', async () => {
    const first = new RoundStateCodec(new GatewayConfig({}));
    const second = new RoundStateCodec(new GatewayConfig({}));
    const state = await first.codec.mint({ a: {} });
    await expect(first.codec.verify(state, NO_CONTEXT)).resolves.toEqual({ a: {} });
    await expect(second.codec.verify(state, NO_CONTEXT)).rejects.toThrow('mac');
  });

  it('rejects its own state once the hour it is valid for has passed', async () => {
    const state = await rounds.codec.mint({ a: {} });
    jest.useFakeTimers({ now: Date.now() + 59 * 60_000 });
    await expect(rounds.codec.verify(state, NO_CONTEXT)).resolves.toEqual({ a: {} });
    jest.setSystemTime(Date.now() + 2 * 60_000);
    await expect(rounds.codec.verify(state, NO_CONTEXT)).rejects.toThrow('expired');
  });

  it('refuses to start with a key shorter than 32 bytes', () => {
    expect(() => new RoundStateCodec(new GatewayConfig({ requestStateKey: 'too-short' }))).toThrow(/at least 32 bytes/);
  });
});
