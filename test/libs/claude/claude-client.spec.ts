import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ClaudeClient, ClaudeModule, type ClaudeTextEvent } from '@skillnest/claude';
import { CaptureLogger } from '../../support/capture.logger';
import { ask, compile, failureOf, KEY } from './claude-test-module';
import { startFakeAnthropic, textReply, type FakeAnthropic } from '../../support/fake-anthropic';

describe('ClaudeModule and ClaudeClient', () => {
  let fake: FakeAnthropic;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterEach(() => fake.reset());
  afterAll(async () => fake.close());

  it('starts without an API key, says so in the log, and every call names the missing setting', async () => {
    const { moduleRef, claude, logs } = await compile({});
    expect(claude.configured).toBe(false);
    expect(logs.lines.join('\n')).toContain('ANTHROPIC_API_KEY is not set');
    const error = await failureOf(ask(claude));
    expect(error.message).toBe('Claude is not configured: set ANTHROPIC_API_KEY.');
    expect(error.data).toEqual({ reason: 'unconfigured' });
    await moduleRef.close();
  });

  it('forRootAsync resolves options from a factory, with finite defaults', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ClaudeModule.forRootAsync({ useFactory: async () => ({ apiKey: KEY, baseURL: fake.baseURL, model: 'claude-test-model' }) })],
    })
      .setLogger(new CaptureLogger())
      .compile();
    const claude = moduleRef.get(ClaudeClient);
    expect(claude.configured).toBe(true);
    expect(claude.model).toBe('claude-test-model');
    expect(claude.options).toMatchObject({ maxTokens: 1024, timeoutMs: 60_000, maxRetries: 2, drainTimeoutMs: 10_000 });
    expect(claude.options.agent).toEqual({ maxIterations: 8, timeBudgetMs: 60_000, toolTimeoutMs: 30_000, maxToolResultChars: 20_000 });
    await moduleRef.close();
  });

  it('refuses a base URL that is not a URL at bootstrap, without echoing it', async () => {
    const attempt = compile({ apiKey: KEY, baseURL: 'not a url with secret-host' });
    await expect(attempt).rejects.toThrow('Claude module option "baseURL" is not a valid URL.');
    await expect(attempt).rejects.not.toThrow(/secret-host/);
  });

  it('sends the key to the configured base URL and the default model', async () => {
    const { moduleRef, claude } = await compile({ apiKey: KEY, baseURL: fake.baseURL, model: 'claude-test-model' });
    fake.script({ kind: 'message', content: [{ type: 'text', text: 'hello there' }] });
    const message = await ask(claude);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'hello there' })]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].body).toMatchObject({ model: 'claude-test-model', max_tokens: 64 });
    expect(fake.requests[0].headers.authorization ?? fake.requests[0].headers['x-api-key']).toContain(KEY);
    await moduleRef.close();
  });

  it('textEvents yields each delta with the text so far, then done', async () => {
    const { moduleRef, claude } = await compile({ apiKey: KEY, baseURL: fake.baseURL });
    fake.script(textReply(['Ledger ', 'is ', 'degraded.']));
    const events: ClaudeTextEvent[] = [];
    for await (const event of claude.textEvents({ prompt: 'status?', system: 'be brief', maxTokens: 100 })) events.push(event);
    expect(events).toEqual([
      { type: 'delta', delta: 'Ledger ', text: 'Ledger ', chunks: 1 },
      { type: 'delta', delta: 'is ', text: 'Ledger is ', chunks: 2 },
      { type: 'delta', delta: 'degraded.', text: 'Ledger is degraded.', chunks: 3 },
      { type: 'done', text: 'Ledger is degraded.', chunks: 3, stopReason: 'end_turn', outputTokens: 3, model: 'claude-sonnet-5-5' },
    ]);
    expect(fake.requests[0].body).toMatchObject({ stream: true, system: 'be brief', max_tokens: 100, messages: [{ role: 'user', content: 'status?' }] });
    await moduleRef.close();
  });

  it('leaving the textEvents loop early aborts the upstream request', async () => {
    const { moduleRef, claude } = await compile({ apiKey: KEY, baseURL: fake.baseURL });
    fake.script(textReply(['one ', 'two ', 'three'], { stallAfterChunks: 1 }));
    for await (const event of claude.textEvents({ prompt: 'count' })) {
      expect(event).toMatchObject({ type: 'delta', text: 'one ' });
      break;
    }
    const aborted = await fake.nextAbort();
    expect(aborted.body.messages).toEqual([{ role: 'user', content: 'count' }]);
    await moduleRef.close();
  });

  it('the caller signal aborts the upstream request and the call reports a cancellation', async () => {
    const { moduleRef, claude } = await compile({ apiKey: KEY, baseURL: fake.baseURL });
    fake.script({ kind: 'hang' });
    const controller = new AbortController();
    const pending = ask(claude, controller.signal);
    await fake.received(1); // the request is at the fake, hanging
    controller.abort();
    const error = await failureOf(pending);
    expect(error.message).toBe('The Claude request was cancelled before it finished.');
    await fake.nextAbort();
    await moduleRef.close();
  });

  it('at shutdown, gives requests in flight drainTimeoutMs and then aborts them', async () => {
    const { moduleRef, claude, logs } = await compile({ apiKey: KEY, baseURL: fake.baseURL, drainTimeoutMs: 200 });
    fake.script({ kind: 'hang' });
    const pending = ask(claude);
    await fake.received(1); // the request is at the fake, hanging
    const started = Date.now();
    await moduleRef.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect((await failureOf(pending)).reason).toBe('cancelled');
    await fake.nextAbort();
    expect(logs.lines.join('\n')).toContain('1 Claude request(s) still running after 200 ms at shutdown; aborting them.');
    await expect(failureOf(ask(claude))).resolves.toMatchObject({ reason: 'shutting_down' });
  });
});
