import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALICE, BOB, startStateBindingApp } from '../fixtures/state-binding-app';
import type { CaptureLogger } from '../support/capture.logger';
import { SECRET_NOTE, TRANSFER, resultText, twoRoundCalls } from '../support/two-round-call';

/**
 * A `requestState` belongs to the call it was issued for: the same principal, the same tool and
 * the same arguments. Round one is answered by the fast path on `/mcp/fast` and by the SDK on
 * `/mcp/sdk`; retries carry state, so the SDK path checks them on both, and the two must agree.
 */
describe('input_required requestState is bound to the principal, the tool and the arguments', () => {
  let app: NestFastifyApplication;
  let logs: CaptureLogger;
  let rounds: ReturnType<typeof twoRoundCalls>;

  beforeAll(async () => {
    let origin: string;
    ({ app, origin, logs } = await startStateBindingApp());
    rounds = twoRoundCalls(origin);
  });
  afterAll(async () => app?.close());

  const refusal = (cause: string) => ({
    jsonrpc: '2.0',
    id: 1,
    error: { code: -32602, message: expect.stringMatching(/^Invalid or expired requestState: /), data: { reason: 'invalid_request_state', cause } },
  });

  describe.each(['/mcp/fast', '/mcp/sdk'])('on %s', (path) => {
    it('finishes the call of the principal it was issued to, with the earlier answer', async () => {
      const state = await rounds.lastRoundState(path);
      const done = await rounds.finish(path, ALICE, state);
      expect(resultText(done)).toBe(`static:alice sent 5 to carol because ${SECRET_NOTE}`);
    });

    it("refuses Alice's state on Bob's call of the same tool with the same arguments", async () => {
      const state = await rounds.lastRoundState(path);
      const replay = await rounds.finish(path, BOB, state);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(refusal('mismatch'));
      expect(replay.raw).not.toContain(SECRET_NOTE);
    });

    it('refuses it on another tool that asks the same questions', async () => {
      const state = await rounds.lastRoundState(path);
      const elsewhere = await rounds.finish(path, ALICE, state, 'probe_refund');
      expect(elsewhere.body).toEqual(refusal('mismatch'));
    });

    it('refuses it when the arguments changed between rounds', async () => {
      const state = await rounds.lastRoundState(path);
      const bigger = await rounds.finish(path, ALICE, state, 'probe_transfer', { ...TRANSFER, amount: 5000 });
      expect(bigger.body).toEqual(refusal('mismatch'));
      const reordered = await rounds.finish(path, ALICE, state, 'probe_transfer', { to: TRANSFER.to, amount: TRANSFER.amount });
      expect(resultText(reordered)).toBe(`static:alice sent 5 to carol because ${SECRET_NOTE}`);
    });

    it('refuses a state with one character changed, and a string that is no state', async () => {
      const state = await rounds.lastRoundState(path);
      const at = Math.floor(state.length / 2);
      const flipped = `${state.slice(0, at)}${state[at] === 'A' ? 'B' : 'A'}${state.slice(at + 1)}`;
      expect((await rounds.finish(path, ALICE, flipped)).body).toEqual(refusal('mismatch'));
      expect((await rounds.finish(path, ALICE, 'not-a-state')).body).toEqual(refusal('malformed'));
    });
  });

  it('logs a refusal with its cause and the caller, and never the state or its answers', async () => {
    const state = await rounds.lastRoundState('/mcp/fast');
    await rounds.finish('/mcp/fast', BOB, state);
    const line = logs.lines.find((entry) => entry.includes('Refused a requestState'));
    expect(line).toMatch(/^warn Refused a requestState on tools\/call from "static:bob": it does not belong to this call/);
    expect(logs.lines.join('\n')).not.toContain(state);
    expect(logs.lines.join('\n')).not.toContain(SECRET_NOTE);
  });
});
