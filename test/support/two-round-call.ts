import { ALICE } from '../fixtures/state-binding-app';
import { modernRequest } from './mcp-http';

const ELICITS = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } };
/** Alice's first answer: it must travel to the last round, and be readable by no one on the way. */
export const SECRET_NOTE = 'rent-for-flat-4b-zx81';
export const TRANSFER = { amount: 5, to: 'carol' };

type Answer = Awaited<ReturnType<typeof modernRequest>>;
interface Asked {
  resultType: string;
  inputRequests?: Record<string, unknown>;
  requestState: string;
}

/**
 * The rounds of the two-question probes (`probe_transfer`, `probe_refund`) over raw 2026-07-28
 * HTTP, as an official client sends them: the same request again, with the answers and the state.
 */
export function twoRoundCalls(origin: string) {
  const call = (path: string, token: string, name: string, args: object, retry?: { inputResponses: object; requestState: string }): Promise<Answer> =>
    modernRequest(`${origin}${path}`, 'tools/call', { name, arguments: args, ...retry, _meta: ELICITS }, { authorization: `Bearer ${token}` });

  /** Starts the call and answers the first question: the state of the last round, carrying the note. */
  const lastRoundState = async (path: string, token = ALICE, name = 'probe_transfer', args: object = TRANSFER): Promise<string> => {
    const first = (await call(path, token, name, args)).body?.result as Asked;
    expect(first).toMatchObject({ resultType: 'input_required', inputRequests: { note: { method: 'elicitation/create' } } });
    const answered = { inputResponses: { note: { action: 'accept', content: { note: SECRET_NOTE } } }, requestState: first.requestState };
    const second = (await call(path, token, name, args, answered)).body?.result as Asked;
    expect(second).toMatchObject({ resultType: 'input_required', inputRequests: { sure: { method: 'elicitation/create' } } });
    return second.requestState;
  };

  /** Answers the last question with `state`. */
  const finish = (path: string, token: string, state: string, name = 'probe_transfer', args: object = TRANSFER): Promise<Answer> =>
    call(path, token, name, args, { inputResponses: { sure: { action: 'accept', content: { ok: true } } }, requestState: state });

  return { call, lastRoundState, finish };
}

/** The text of a complete tool result, or undefined. */
export const resultText = (answer: Answer): string | undefined => ((answer.body?.result as { content?: Array<{ text?: string }> } | undefined)?.content ?? [])[0]?.text;
