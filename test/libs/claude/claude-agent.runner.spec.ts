import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { agentToolsFor, ClaudeAgentRunner, ClaudeError, ClaudeModule } from '@skillnest/claude';
import { SkillsModule, SkillsRegistry, type SkillCaller, type SkillContext } from '@skillnest/skills';
import { ClaudeProbeModule, ClaudeProbeSkills } from '../../fixtures/claude-probe.module';
import { CaptureLogger } from '../../support/capture.logger';
import { startFakeAnthropic, toolUseReply, type FakeAnthropic } from '../../support/fake-anthropic';

const KEY = 'sk-ant-agent-test-key';
const reader: SkillCaller = { id: 'reader', authenticated: true, scopes: ['x:read'], claims: {} };
const writer: SkillCaller = { id: 'writer', authenticated: true, scopes: ['x:read', 'x:write'], claims: {} };

function contextFor(caller: SkillCaller, signal: AbortSignal = new AbortController().signal) {
  const progress: Array<{ done: number; message?: string }> = [];
  const ctx: SkillContext = {
    caller,
    client: { era: 'modern', capabilities: {} },
    requestId: 7,
    signal,
    progress: async (done, _total, message) => void progress.push({ done, message }),
    log: async () => undefined,
    elicit: () => Promise.reject(new Error('not in this test')),
    sample: () => Promise.reject(new Error('not in this test')),
    listRoots: () => Promise.reject(new Error('not in this test')),
    audit: () => undefined,
  };
  return { ctx, progress };
}

async function failureOf(promise: Promise<unknown>): Promise<ClaudeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClaudeError);
  return error as ClaudeError;
}

describe('the Claude agent over the skills registry', () => {
  let fake: FakeAnthropic;
  let moduleRef: TestingModule;
  let runner: ClaudeAgentRunner;
  let registry: SkillsRegistry;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    moduleRef = await Test.createTestingModule({
      imports: [SkillsModule, ClaudeModule.forRoot({ apiKey: KEY, baseURL: fake.baseURL, maxRetries: 0 }), ClaudeProbeModule],
    })
      .setLogger(new CaptureLogger())
      .compile();
    await moduleRef.init();
    runner = moduleRef.get(ClaudeAgentRunner);
    registry = moduleRef.get(SkillsRegistry);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await moduleRef?.close();
    await fake.close();
  });

  describe('tool definitions', () => {
    it("offers only what the caller's scopes allow, never hidden or guarded skills", () => {
      const forReader = agentToolsFor(registry.tools(), reader).definitions.map((tool) => tool.name);
      expect(forReader).toEqual(['probe_owner', 'probe_asks', 'probe_wait', 'probe_chatty', 'probe_inner_agent', 'probe_stream']);
      const forWriter = agentToolsFor(registry.tools(), writer).definitions.map((tool) => tool.name);
      expect(forWriter).toContain('probe_write');
      expect(forWriter).not.toEqual(expect.arrayContaining(['probe_hidden']));
      expect(forWriter).not.toEqual(expect.arrayContaining(['probe_guarded']));
      expect(forWriter).not.toEqual(expect.arrayContaining(['probe_agent']));
    });

    it('uses the MCP input schema as input_schema, and honours exclude and include', () => {
      const { definitions, byName } = agentToolsFor(registry.tools(), reader, { exclude: ['probe_wait'], include: (tool) => tool.name !== 'probe_stream' });
      const owner = definitions.find((tool) => tool.name === 'probe_owner')!;
      expect(owner).toEqual({ name: 'probe_owner', description: 'Who owns a service', input_schema: registry.tool('probe_owner')!.input.jsonSchema });
      expect(owner.input_schema).toBe(registry.tool('probe_owner')!.input.jsonSchema);
      expect(owner.input_schema).toMatchObject({ type: 'object', properties: { service: { type: 'string' } }, required: ['service'] });
      expect([...byName.keys()]).toEqual(['probe_owner', 'probe_asks', 'probe_chatty', 'probe_inner_agent']);
    });
  });

  it('runs tool_use -> tool_result -> end_turn with real skills, as the caller, and reports each step', async () => {
    fake.script(toolUseReply({ name: 'probe_owner', input: { service: 'ledger' } }), { kind: 'message', content: [{ type: 'text', text: 'Team-6 owns ledger.' }] });
    const { ctx, progress } = contextFor(reader);
    const result = await runner.run(ctx, { task: 'Who owns ledger?', system: 'be brief' });

    expect(result).toEqual({
      answer: 'Team-6 owns ledger.',
      steps: [{ tool: 'probe_owner', input: { service: 'ledger' }, isError: false, result: 'ledger is owned by team-6 (asked by reader)' }],
      iterations: 2,
      stopReason: 'end_turn',
      model: 'claude-sonnet-5-5',
    });
    expect(progress.map((update) => update.message)).toEqual([
      'asking Claude (turn 1 of 8)',
      'Claude answered (turn 1): calling probe_owner',
      'calling tool probe_owner',
      'tool probe_owner answered',
      'asking Claude (turn 2 of 8)',
      'Claude answered (turn 2): final answer',
    ]);
    expect(progress.map((update) => update.done)).toEqual([1, 2, 3, 4, 5, 6]);

    const [first, second] = fake.requests.map((request) => request.body);
    expect(first).toMatchObject({ system: 'be brief', messages: [{ role: 'user', content: 'Who owns ledger?' }] });
    expect(first.tools!.map((tool) => tool.name)).not.toContain('probe_write');
    const toolUse = (second.messages[1].content as Array<{ type: string; id?: string }>).find((block) => block.type === 'tool_use')!;
    expect(second.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'ledger is owned by team-6 (asked by reader)' }],
    });
  });

  it('feeds failures back as is_error results Claude can act on', async () => {
    fake.script(
      toolUseReply(
        { name: 'probe_owner', input: { service: 'Not A Name' } },
        { name: 'probe_write', input: { service: 'ledger' } },
        { name: 'probe_hidden', input: {} },
        { name: 'probe_asks', input: {} },
        { name: 'probe_inner_agent', input: { task: 'recurse' } },
      ),
      { kind: 'message', content: [{ type: 'text', text: 'I could not do it.' }] },
    );
    const { ctx } = contextFor(reader);
    const result = await runner.run(ctx, { task: 'try everything' });
    const results = fake.requests[1].body.messages[2].content as Array<{ content: string; is_error?: boolean }>;
    expect(results.map((block) => [block.is_error, block.content])).toEqual([
      [true, 'Invalid arguments for "probe_owner": service: service must be a lowercase service name'],
      [true, 'No tool named "probe_write" is available to the agent. Use only the tools offered.'],
      [true, 'No tool named "probe_hidden" is available to the agent. Use only the tools offered.'],
      [
        true,
        'The tool "probe_asks" needs interactive input from the user (elicitation, sampling or roots), which the agent cannot give. Ask the user to call "probe_asks" directly.',
      ],
      [true, 'The agent cannot start another agent from inside one of its tool calls.'],
    ]);
    expect(result.steps.map((step) => [step.tool, step.isError])).toEqual([
      ['probe_owner', true],
      ['probe_write', true],
      ['probe_hidden', true],
      ['probe_asks', true],
      ['probe_inner_agent', true],
    ]);
    expect(result.answer).toBe('I could not do it.');
  });

  it('renumbers the progress of a nested tool so progress only increases', async () => {
    fake.script(toolUseReply({ name: 'probe_chatty', input: {} }), { kind: 'message', content: [{ type: 'text', text: 'done' }] });
    const { ctx, progress } = contextFor(reader);
    await runner.run(ctx, { task: 'chat' });
    expect(progress.map((update) => update.message)).toEqual(expect.arrayContaining(['probe_chatty: first half', 'probe_chatty: second half']));
    const dones = progress.map((update) => update.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(new Set(dones).size).toBe(dones.length);
  });

  it('stops at the iteration cap with the tools called so far', async () => {
    fake.otherwise(toolUseReply({ name: 'probe_owner', input: { service: 'ledger' } }));
    const { ctx } = contextFor(reader);
    const error = await failureOf(runner.run(ctx, { task: 'loop forever', maxIterations: 2 }));
    expect(error.message).toBe(
      'The agent stopped after 2 Claude turns without a final answer (its iteration limit). Tools called so far: probe_owner, probe_owner. Narrow the task or raise the limit.',
    );
    expect(error.data).toMatchObject({ reason: 'iteration_limit', steps: [{ tool: 'probe_owner' }, { tool: 'probe_owner' }] });
    expect(fake.requests).toHaveLength(2);
  });

  it('stops at the time budget while a tool runs, and cancels the tool', async () => {
    fake.script(toolUseReply({ name: 'probe_wait', input: {} }));
    const { ctx } = contextFor(reader);
    const probe = moduleRef.get(ClaudeProbeSkills);
    const cancelledBefore = probe.waitCancelled;
    const error = await failureOf(runner.run(ctx, { task: 'wait', timeBudgetMs: 300 }));
    expect(probe.waitCancelled).toBe(cancelledBefore + 1); // the tool's signal fired: it was cancelled, not left running
    expect(error.message).toBe('The agent did not finish within its time budget of 300 ms. Tools called so far: probe_wait. Narrow the task or try again.');
    expect(error.data).toMatchObject({ reason: 'time_budget' });
    expect(fake.requests).toHaveLength(1);
  });

  it('stops at the time budget while Claude thinks, and aborts that request', async () => {
    fake.script({ kind: 'hang' });
    const { ctx } = contextFor(reader);
    const error = await failureOf(runner.run(ctx, { task: 'think', timeBudgetMs: 300 }));
    expect(error.message).toBe('The agent did not finish within its time budget of 300 ms. No tool was called. Narrow the task or try again.');
    await fake.nextAbort();
  });

  it("is cancelled by the caller's signal, which aborts the Claude request", async () => {
    fake.script({ kind: 'hang' });
    const controller = new AbortController();
    const { ctx } = contextFor(reader, controller.signal);
    const pending = runner.run(ctx, { task: 'think' });
    setTimeout(() => controller.abort(), 100);
    const error = await failureOf(pending);
    expect(error.reason).toBe('cancelled');
    await fake.nextAbort();
  });
});
