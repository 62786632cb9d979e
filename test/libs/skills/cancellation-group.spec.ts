import { Logger } from '@nestjs/common';
import { ANONYMOUS_CALLER, type SkillContext } from '@skillnest/skills';
import { CallCancellation, CancellationGroup, SkillInvoker, isServerShutdown, type SkillCallEnvironment } from '@skillnest/skills/internal';
import { SkillErrorTranslators } from '../../../libs/skills/src/errors/skill-error.translators';
import type { ToolDefinition } from '../../../libs/skills/src/interfaces/skill-definition.interface';

function tool(name: string, call: (input: unknown, ctx: SkillContext) => unknown): ToolDefinition {
  return {
    kind: 'tool',
    name,
    options: { name, description: name },
    input: { jsonSchema: { type: 'object' }, validate: (value: unknown) => ({ ok: true, value }) },
    handler: { where: `Probe.${name}`, className: 'Probe', providerClass: Object, method: call, module: undefined, access: { scopes: [], public: false, guards: [] }, call },
  } as unknown as ToolDefinition;
}

function environment(calls: CancellationGroup, cancellation = new CallCancellation()): SkillCallEnvironment {
  const noop = async () => undefined;
  return {
    caller: ANONYMOUS_CALLER,
    client: { era: 'modern', capabilities: {} },
    requestId: 1,
    cancellation,
    calls,
    answers: {},
    defaultTimeoutMs: 10_000,
    progress: noop,
    log: noop,
  };
}

const SHUT_DOWN = 'The server is shutting down; the tool "long" was cancelled at the drain deadline. Retry on another replica.';

describe('CancellationGroup (the drain deadline, as the invoker sees it)', () => {
  const invoker = new SkillInvoker(new SkillErrorTranslators());
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('aborts every running call through its signal and answers it that the server is shutting down, at once', async () => {
    const calls = new CancellationGroup();
    const reasons: unknown[] = [];
    // The skill ignores its signal after noting it: the caller is answered without waiting for it.
    const long = tool('long', (_input, ctx) => new Promise(() => ctx.signal.addEventListener('abort', () => reasons.push(ctx.signal.reason))));
    const running = [invoker.callTool(long, {}, environment(calls)), invoker.callTool(long, {}, environment(calls))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.size).toBe(2);
    expect(calls.cancelAll()).toBe(2);
    for (const outcome of await Promise.all(running))
      expect(outcome).toEqual({ isError: true, content: [{ type: 'text', text: SHUT_DOWN }], _meta: { 'io.skillnest/error': { reason: 'shutting_down' } } });
    expect(reasons).toHaveLength(2);
    expect(reasons.every(isServerShutdown)).toBe(true);
    expect(calls.size).toBe(0);
  });

  it('cancels a call that starts after the deadline as soon as it runs', async () => {
    const calls = new CancellationGroup();
    calls.cancelAll();
    const outcome = await invoker.callTool(
      tool('long', () => new Promise(() => undefined)),
      {},
      environment(calls),
    );
    expect(outcome).toEqual({ isError: true, content: [{ type: 'text', text: SHUT_DOWN }], _meta: { 'io.skillnest/error': { reason: 'shutting_down' } } });
    expect(calls.size).toBe(0);
  });

  it('holds no call once it has ended: finished, failed, or cancelled by its client before it started', async () => {
    const calls = new CancellationGroup();
    await invoker.callTool(
      tool('quick', async () => 'done'),
      {},
      environment(calls),
    );
    await invoker.callTool(
      tool('failing', async () => Promise.reject(new Error('boom'))),
      {},
      environment(calls),
    );
    const gone = new CallCancellation();
    gone.abort();
    await expect(
      invoker.callTool(
        tool('long', () => new Promise(() => undefined)),
        {},
        environment(calls, gone),
      ),
    ).resolves.toMatchObject({ isError: true });
    expect(calls.size).toBe(0);
  });
});
