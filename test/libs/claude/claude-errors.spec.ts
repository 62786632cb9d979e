import 'reflect-metadata';
import type { TestingModule } from '@nestjs/testing';
import type { ClaudeClient, ClaudeTextEvent } from '@skillnest/claude';
import type { CaptureLogger } from '../../support/capture.logger';
import { errorReply, startFakeAnthropic, textReply, type FakeAnthropic } from '../../support/fake-anthropic';
import { ask, compile, failureOf, KEY } from './claude-test-module';

describe('ClaudeClient', () => {
  let fake: FakeAnthropic;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterEach(() => fake.reset());
  afterAll(async () => fake.close());

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
