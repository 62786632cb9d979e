import { Logger } from '@nestjs/common';
import { SkillError, ANONYMOUS_CALLER, type SkillContext } from '@skillnest/skills';
import { CallCancellation, PendingInput, SkillInvoker, type SkillCallEnvironment } from '@skillnest/skills/internal';
import { SkillErrorTranslators } from '../../../libs/skills/src/errors/skill-error.translators';
import type { ToolDefinition } from '../../../libs/skills/src/interfaces/skill-definition.interface';

/** A tool around a bare function, with input taken as it comes (the invoker's own paths only). */
function tool(name: string, call: (input: unknown, ctx: SkillContext) => unknown, timeoutMs?: number): ToolDefinition {
  return {
    kind: 'tool',
    name,
    options: { name, description: name, ...(timeoutMs ? { timeoutMs } : {}) },
    input: { jsonSchema: { type: 'object' }, validate: (value: unknown) => ({ ok: true, value }) },
    handler: { where: `Probe.${name}`, className: 'Probe', providerClass: Object, method: call, module: undefined, access: { scopes: [], public: false, guards: [] }, call },
  } as unknown as ToolDefinition;
}

function environment(cancellation = new CallCancellation()): SkillCallEnvironment {
  return {
    caller: ANONYMOUS_CALLER,
    client: { era: 'modern', capabilities: {} },
    requestId: 1,
    cancellation,
    answers: {},
    defaultTimeoutMs: 1_000,
    progress: async () => undefined,
    log: async () => undefined,
  };
}

describe('SkillInvoker', () => {
  const invoker = new SkillInvoker(new SkillErrorTranslators());
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('answers a synchronous skill synchronously, without a promise', () => {
    const outcome = invoker.callTool(
      tool('echo', (input) => (input as { message: string }).message),
      { message: 'hi' },
      environment(),
    );
    expect(outcome).not.toBeInstanceOf(Promise);
    expect(outcome).toEqual({ content: [{ type: 'text', text: 'hi' }] });
  });

  it('turns a synchronous throw into a tool error: SkillError verbatim, anything else under an error id', async () => {
    const told = await invoker.callTool(
      tool('told', () => {
        throw new SkillError('No such ticket');
      }),
      {},
      environment(),
    );
    expect(told).toMatchObject({ isError: true, content: [{ type: 'text', text: 'No such ticket' }] });
    const bug = await invoker.callTool(
      tool('bug', () => {
        throw new TypeError('x is undefined');
      }),
      {},
      environment(),
    );
    expect(bug).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: expect.stringMatching(/^The tool "bug" failed unexpectedly\. The error was logged with id [0-9a-f-]{36}/) }],
    });
  });

  it('times out an asynchronous skill and fires the signal it read', async () => {
    let seen: string | undefined;
    const slow = tool('slow', (_input, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve((seen = (ctx.signal.reason as Error).name)))), 50);
    const outcome = await invoker.callTool(slow, {}, environment());
    expect(outcome).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'The tool "slow" did not finish within 50 ms and was cancelled. Try a smaller request or try again later.' }],
    });
    expect(seen).toBe('TimeoutError');
  });

  it('watches the client only once the skill reads ctx.signal, and stops watching when the call ends', async () => {
    const watching: string[] = [];
    const cancellation = new CallCancellation(() => {
      watching.push('on');
      return () => watching.push('off');
    });
    await invoker.callTool(
      tool('quiet', async () => 'done'),
      {},
      environment(new CallCancellation(() => (watching.push('never'), undefined))),
    );
    expect(watching).toEqual([]);
    await invoker.callTool(
      tool('careful', async (_input, ctx) => (ctx.signal.aborted ? 'aborted' : 'done')),
      {},
      environment(cancellation),
    );
    expect(watching).toEqual(['on', 'off']);
  });

  it('keeps destructured context methods working: elicit ends the round with the question', async () => {
    const asking = tool('asking', async (_input, { elicit, requestId }) => {
      const answer = await elicit({ key: 'ok', message: `Proceed with ${requestId}?`, requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } });
      return answer.action;
    });
    const outcome = await invoker.callTool(asking, {}, environment());
    expect(outcome).toBeInstanceOf(PendingInput);
    expect((outcome as PendingInput).requests).toEqual({
      ok: { method: 'elicitation/create', params: { message: 'Proceed with 1?', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
    });
  });

  it('reports a cancelled call as cancelled', async () => {
    const cancellation = new CallCancellation();
    const call = invoker.callTool(
      tool('long', () => new Promise(() => undefined)),
      {},
      environment(cancellation),
    );
    cancellation.abort();
    await expect(call).resolves.toMatchObject({ isError: true, content: [{ type: 'text', text: 'The tool "long" was cancelled before it finished.' }] });
  });
});
