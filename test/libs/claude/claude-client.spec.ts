import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ClaudeClient, ClaudeError, ClaudeModule, InjectClaude, type ClaudeModuleOptions, type ClaudeTextEvent } from '@skillnest/claude';
import { CaptureLogger } from '../../support/capture.logger';
import { errorReply, startFakeAnthropic, textReply, type FakeAnthropic } from '../../support/fake-anthropic';

const KEY = 'sk-ant-test-0123456789-SECRET';

@Injectable()
class UsesClaude {
  constructor(@InjectClaude() readonly claude: ClaudeClient) {}
}

async function compile(options: ClaudeModuleOptions, logs = new CaptureLogger()): Promise<{ moduleRef: TestingModule; claude: ClaudeClient; logs: CaptureLogger }> {
  const moduleRef = await Test.createTestingModule({ imports: [ClaudeModule.forRoot(options)], providers: [UsesClaude] })
    .setLogger(logs)
    .compile();
  await moduleRef.init();
  return { moduleRef, claude: moduleRef.get(UsesClaude).claude, logs };
}

const ask = (claude: ClaudeClient, signal?: AbortSignal) =>
  claude.run(signal, (sdk, s) => sdk.messages.create({ model: claude.model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }, { signal: s }));

async function failureOf(promise: Promise<unknown>): Promise<ClaudeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClaudeError);
  return error as ClaudeError;
}

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
    await new Promise((resolve) => setTimeout(resolve, 100));
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
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await moduleRef.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect((await failureOf(pending)).reason).toBe('cancelled');
    await fake.nextAbort();
    expect(logs.lines.join('\n')).toContain('1 Claude request(s) still running after 200 ms at shutdown; aborting them.');
    await expect(failureOf(ask(claude))).resolves.toMatchObject({ reason: 'shutting_down' });
  });

  describe('maps API failures to clear messages without secrets', () => {
    let moduleRef: TestingModule;
    let claude: ClaudeClient;
    let logs: CaptureLogger;

    beforeAll(async () => {
      ({ moduleRef, claude, logs } = await compile({ apiKey: KEY, baseURL: fake.baseURL, maxRetries: 1, timeoutMs: 300, modelSetting: 'SKILLNEST_CLAUDE_MODEL' }));
    });
    afterAll(async () => moduleRef.close());

    const port = () => new URL(fake.baseURL).port;
    const expectClean = (message: string) => {
      expect(message).not.toContain(KEY);
      expect(message).not.toContain('127.0.0.1');
      expect(message).not.toContain(port());
      expect(message).not.toMatch(/\n\s+at /);
    };

    it.each([
      [401, 'authentication_error', `invalid x-api-key ${KEY}`, 'Claude rejected the API key (HTTP 401): check ANTHROPIC_API_KEY.', 1],
      [403, 'permission_error', 'no access', 'The API key may not use this model or feature (HTTP 403): check ANTHROPIC_API_KEY and SKILLNEST_CLAUDE_MODEL.', 1],
      [404, 'not_found_error', 'model: nope', 'Claude does not know the model "claude-sonnet-5-5" (HTTP 404): set SKILLNEST_CLAUDE_MODEL to an available model.', 1],
      [429, 'rate_limit_error', 'slow down', 'Claude is rate-limiting this service (HTTP 429). Try again in 30 s.', 2],
      [500, 'api_error', `boom at ${'http://10.1.2.3:8080/internal'}`, 'Claude had an internal error (HTTP 500). Try again later.', 2],
      [529, 'overloaded_error', 'Overloaded', 'Claude is overloaded right now (HTTP 529). Try again later.', 2],
      [
        400,
        'invalid_request_error',
        `max_tokens too large; see http://10.1.2.3/docs, key ${KEY}`,
        'Claude refused the request (HTTP 400): max_tokens too large; see <url> key <redacted>.',
        1,
      ],
    ])('HTTP %i', async (status, type, upstreamMessage, expected, attempts) => {
      fake.otherwise(errorReply(status, type, upstreamMessage, { 'retry-after': '30', 'retry-after-ms': '5' }));
      const error = await failureOf(ask(claude));
      expect(error.message).toBe(expected);
      expect(error.data).toMatchObject({ status, requestId: expect.stringMatching(/^req_/) });
      expectClean(error.message);
      // 429 and 5xx are retried (maxRetries 1); 4xx are not.
      expect(fake.requests).toHaveLength(attempts);
      expectClean(logs.lines.join('\n'));
    });

    it('a Claude that does not answer in time', async () => {
      fake.otherwise({ kind: 'hang' });
      const error = await failureOf(ask(claude));
      expect(error.message).toBe('Claude did not answer within 300 ms. Try again later.');
      expect(error.data).toEqual({ reason: 'timeout' });
    });

    it('a Claude that cannot be reached', async () => {
      const closed = await startFakeAnthropic();
      await closed.close();
      const unreachable = await compile({ apiKey: KEY, baseURL: closed.baseURL, maxRetries: 0 });
      const error = await failureOf(ask(unreachable.claude));
      expect(error.message).toBe('Claude cannot be reached right now (the connection failed). Try again later.');
      expectClean(error.message);
      expect(error.message).not.toContain(new URL(closed.baseURL).port);
      await unreachable.moduleRef.close();
    });

    it('a stream that goes quiet for timeoutMs is abandoned upstream', async () => {
      fake.script(textReply(['first ', 'never'], { stallAfterChunks: 1 }));
      const events: ClaudeTextEvent[] = [];
      const error = await failureOf(
        (async () => {
          for await (const event of claude.textEvents({ prompt: 'x' })) events.push(event);
        })(),
      );
      expect(events).toEqual([{ type: 'delta', delta: 'first ', text: 'first ', chunks: 1 }]);
      expect(error.message).toBe('Claude stopped sending its answer for 300 ms, so the request was abandoned. Try again later.');
      expect(error.data).toEqual({ reason: 'timeout' });
      await fake.nextAbort();
    });

    it('an error event in the middle of a stream', async () => {
      fake.script(textReply(['partial ', 'rest'], { errorAfterChunks: { chunks: 1, type: 'overloaded_error', message: 'Overloaded' } }));
      const events: ClaudeTextEvent[] = [];
      const error = await failureOf(
        (async () => {
          for await (const event of claude.textEvents({ prompt: 'x' })) events.push(event);
        })(),
      );
      expect(events).toEqual([{ type: 'delta', delta: 'partial ', text: 'partial ', chunks: 1 }]);
      expect(error.message).toBe('Claude is overloaded right now (HTTP 529). Try again later.');
    });
  });
});
