import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { ClaudeAgentRunner, ClaudeModule } from '@skillnest/claude';
import { SkillsModule, type SkillCaller, type SkillContext } from '@skillnest/skills';
import { ClaudeProbeModule, ClaudeProbeSkills } from '../../fixtures/claude-probe.module';
import { CaptureLogger } from '../../support/capture.logger';
import { startFakeAnthropic, textReply, toolUseReply, type FakeAnthropic } from '../../support/fake-anthropic';

const reader: SkillCaller = { id: 'reader', authenticated: true, scopes: ['x:read'], claims: {} };
const OWNER_TEXT = 'ledger is owned by team-6 (asked by reader)';

const contextFor = (caller: SkillCaller): SkillContext => ({
  caller,
  client: { era: 'modern', capabilities: {} },
  requestId: 9,
  signal: new AbortController().signal,
  progress: async () => undefined,
  log: async () => undefined,
  elicit: () => Promise.reject(new Error('not in this test')),
  sample: () => Promise.reject(new Error('not in this test')),
  listRoots: () => Promise.reject(new Error('not in this test')),
  audit: () => undefined,
});

/** The tool_result blocks the runner sent Claude on its second turn. */
const toolResults = (fake: FakeAnthropic) =>
  (fake.requests[1].body.messages[2].content as Array<{ type: string; content: string; is_error?: boolean }>).filter((block) => block.type === 'tool_result');

/** The agent's per-tool limits (toolTimeoutMs, maxToolResultChars) and a turn cut short at max_tokens, as Claude sees them. */
describe('the Claude agent: tool limits and the max_tokens stop', () => {
  let fake: FakeAnthropic;
  let moduleRef: TestingModule;
  let runner: ClaudeAgentRunner;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    moduleRef = await Test.createTestingModule({
      imports: [SkillsModule, ClaudeModule.forRoot({ apiKey: 'sk-ant-limits-key', baseURL: fake.baseURL, maxRetries: 0, maxTokens: 333 }), ClaudeProbeModule],
    })
      .setLogger(new CaptureLogger())
      .compile();
    await moduleRef.init();
    runner = moduleRef.get(ClaudeAgentRunner);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await moduleRef?.close();
    await fake.close();
  });

  it('cancels a tool at toolTimeoutMs and tells Claude, which then answers: the run goes on', async () => {
    fake.script(toolUseReply({ name: 'probe_wait', input: {} }), textReply(['It timed out.']));
    const probe = moduleRef.get(ClaudeProbeSkills);
    const cancelledBefore = probe.waitCancelled;
    const result = await runner.run(contextFor(reader), { task: 'wait', toolTimeoutMs: 100 });
    expect(result).toMatchObject({ answer: 'It timed out.', stopReason: 'end_turn', steps: [{ tool: 'probe_wait', isError: true }] });
    expect(probe.waitCancelled).toBe(cancelledBefore + 1);
    expect(toolResults(fake)).toEqual([
      expect.objectContaining({ is_error: true, content: 'The tool "probe_wait" did not finish within 100 ms and was cancelled. Try a smaller request or try again later.' }),
    ]);
  });

  it('cuts a tool result to maxToolResultChars, saying so, before Claude reads it', async () => {
    fake.script(toolUseReply({ name: 'probe_owner', input: { service: 'ledger' } }), textReply(['Team-6.']));
    await runner.run(contextFor(reader), { task: 'Who owns ledger?', maxToolResultChars: 10 });
    const [result] = toolResults(fake);
    expect(result.content).toBe(`${OWNER_TEXT.slice(0, 10)}\n[result truncated: 10 of ${OWNER_TEXT.length} characters]`);
    expect(result.is_error).toBeUndefined();
  });

  it('sends max_tokens (the run option, else the module default) and returns a turn cut short at max_tokens as the answer, saying why it stopped', async () => {
    fake.script({ kind: 'message', content: [{ type: 'text', text: 'Team-6 owns led' }], stopReason: 'max_tokens' });
    const result = await runner.run(contextFor(reader), { task: 'Who owns ledger?', maxTokens: 12 });
    expect(result).toMatchObject({ answer: 'Team-6 owns led', stopReason: 'max_tokens', iterations: 1, steps: [] });
    expect(fake.requests[0].body.max_tokens).toBe(12);

    fake.script(textReply(['Fine.']));
    await runner.run(contextFor(reader), { task: 'again' });
    expect(fake.requests[1].body.max_tokens).toBe(333);
  });
});
