import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { ClaudeClient, ClaudeError, ClaudeModule } from '@skillnest/claude';
import { CaptureLogger } from '../../support/capture.logger';
import { startFakeAnthropic, textReply, type FakeAnthropic } from '../../support/fake-anthropic';

describe('streamText', () => {
  let fake: FakeAnthropic;
  let moduleRef: TestingModule;
  let claude: ClaudeClient;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    moduleRef = await Test.createTestingModule({ imports: [ClaudeModule.forRoot({ apiKey: 'sk-ant-stream', baseURL: fake.baseURL })] })
      .setLogger(new CaptureLogger())
      .compile();
    claude = moduleRef.get(ClaudeClient);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await moduleRef.close();
    await fake.close();
  });

  const recorder = (signal = new AbortController().signal) => {
    const updates: Array<{ done: number; total?: number; message?: string }> = [];
    return { updates, ctx: { signal, progress: async (done: number, total?: number, message?: string) => void updates.push({ done, total, message }) } };
  };

  it('reports the text so far with each chunk and resolves with the final text', async () => {
    fake.script(textReply(['Checkout ', 'is ', 'back.']));
    const { ctx, updates } = recorder();
    await expect(claude.streamText(ctx, { prompt: 'status' }, { progressIntervalMs: 0 })).resolves.toBe('Checkout is back.');
    expect(updates).toEqual([
      { done: 1, total: undefined, message: 'Checkout ' },
      { done: 2, total: undefined, message: 'Checkout is ' },
      { done: 3, total: undefined, message: 'Checkout is back.' },
    ]);
  });

  it('sends at most one notification per interval, and always the complete text last', async () => {
    fake.script(textReply(['a', 'b', 'c', 'd']));
    const { ctx, updates } = recorder();
    await expect(claude.streamText(ctx, { prompt: 'letters' }, { progressIntervalMs: 60_000 })).resolves.toBe('abcd');
    expect(updates).toEqual([
      { done: 1, total: undefined, message: 'a' },
      { done: 4, total: undefined, message: 'abcd' },
    ]);
  });

  it('a failing progress channel does not fail the answer', async () => {
    fake.script(textReply(['fine']));
    const ctx = { signal: new AbortController().signal, progress: () => Promise.reject(new Error('client gone')) };
    await expect(claude.streamText(ctx, { prompt: 'x' })).resolves.toBe('fine');
  });

  it('a refusal is an error the caller reads', async () => {
    fake.script({ kind: 'message', content: [{ type: 'text', text: '' }], stopReason: 'refusal' });
    const { ctx } = recorder();
    const error = await claude.streamText(ctx, { prompt: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClaudeError);
    expect((error as ClaudeError).message).toBe('Claude declined to answer this request.');
  });
});
