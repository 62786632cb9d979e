import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALICE, SHORT_TTL_MS, startStateBindingApp } from '../fixtures/state-binding-app';
import { SECRET_NOTE, resultText, twoRoundCalls } from '../support/two-round-call';

const refusal = (cause: string) => ({ code: -32602, message: expect.stringMatching(/^Invalid or expired requestState: /), data: { reason: 'invalid_request_state', cause } });

/** Every way a client could read a state: each dot-separated part, and the whole, base64url-decoded. */
const readings = (state: string) => [
  state,
  ...[state, ...state.split('.')].flatMap((part) => [Buffer.from(part, 'base64url'), Buffer.from(part, 'base64')].map((bytes) => bytes.toString('latin1'))),
];

/**
 * What a `requestState` keeps from its holder (the earlier answers are sealed, not signed), how
 * long it lives (`requestStateTtlMs`), and key rotation (`previousRequestStateKeys`).
 */
describe('input_required requestState is sealed, short-lived and survives a key rotation', () => {
  let app: NestFastifyApplication;
  let rounds: ReturnType<typeof twoRoundCalls>;

  beforeAll(async () => {
    let origin: string;
    ({ app, origin } = await startStateBindingApp());
    rounds = twoRoundCalls(origin);
  });
  afterAll(async () => app?.close());

  it.each(['/mcp/fast', '/mcp/sdk'])('keeps the earlier answer out of the state bytes on %s', async (path) => {
    const state = await rounds.lastRoundState(path);
    for (const text of readings(state)) {
      expect(text).not.toContain(SECRET_NOTE);
      expect(text).not.toContain('"note"');
    }
    expect(resultText(await rounds.finish(path, ALICE, state))).toContain(SECRET_NOTE);
  });

  it(`refuses a state once its configured TTL (${SHORT_TTL_MS} ms) has passed`, async () => {
    const fresh = await rounds.lastRoundState('/mcp/short');
    expect(resultText(await rounds.finish('/mcp/short', ALICE, fresh))).toContain(SECRET_NOTE);
    const stale = await rounds.lastRoundState('/mcp/short');
    await new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS * 3));
    const late = await rounds.finish('/mcp/short', ALICE, stale);
    expect(late.body?.error).toEqual(refusal('expired'));
    expect((late.body?.error as { message: string }).message).toMatch(/expired.*start the call again without requestState/);
  });

  it('accepts a state sealed under the previous key after a rotation, and seals new ones with the new key', async () => {
    const beforeRotation = await rounds.lastRoundState('/mcp/fast');
    expect(resultText(await rounds.finish('/mcp/rotated', ALICE, beforeRotation))).toBe(`static:alice sent 5 to carol because ${SECRET_NOTE}`);

    const afterRotation = await rounds.lastRoundState('/mcp/rotated');
    expect((await rounds.finish('/mcp/fast', ALICE, afterRotation)).body?.error).toEqual(refusal('unknown_key'));
    expect(resultText(await rounds.finish('/mcp/rotated', ALICE, afterRotation))).toContain(SECRET_NOTE);
  });

  it('refuses a state sealed under a key that is neither the current nor a previous one', async () => {
    const state = await rounds.lastRoundState('/mcp/fast');
    expect((await rounds.finish('/mcp/stranger', ALICE, state)).body?.error).toEqual(refusal('unknown_key'));
  });
});
