import { Injectable } from '@nestjs/common';
import { Prompt, Tool, type SkillContext } from '@skillnest/skills';

const askName = { key: 'user_name', message: 'What is your name?', requestedSchema: { type: 'object' as const, properties: { name: { type: 'string' } }, required: ['name'] } };
const nameOf = (content: unknown) => String((content as { name?: unknown } | undefined)?.name ?? '');

/** The conformance suite's `input_required` (SEP-2322) fixtures, written with `ctx.elicit()` and friends. */
@Injectable()
export class ConformanceInputRequiredSkills {
  @Tool({ name: 'test_input_required_result_elicitation', description: 'Asks for a name' })
  async elicitation(_input: unknown, ctx: SkillContext) {
    const answer = await ctx.elicit(askName);
    return `Hello, ${nameOf(answer.content)}!`;
  }

  @Tool({ name: 'test_input_required_result_sampling', description: 'Asks the client model a question' })
  async sampling(_input: unknown, ctx: SkillContext) {
    const result = await ctx.sample({
      key: 'capital_question',
      messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
      maxTokens: 100,
    });
    const content = Array.isArray(result.content) ? result.content[0] : result.content;
    return `Sampling said: ${content && content.type === 'text' ? content.text : ''}`;
  }

  @Tool({ name: 'test_input_required_result_list_roots', description: 'Asks for the client roots' })
  async listRoots(_input: unknown, ctx: SkillContext) {
    const { roots } = await ctx.listRoots({ key: 'client_roots' });
    return `Roots: ${roots.map((root) => root.uri).join(', ')}`;
  }

  @Tool({ name: 'test_input_required_result_request_state', description: 'Confirms, carrying signed state across rounds' })
  async requestState(_input: unknown, ctx: SkillContext) {
    const answer = await ctx.elicit({ key: 'confirm', message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } });
    // Reaching this line on a retry means the gateway verified the signed requestState.
    return `state-ok: confirmed=${String((answer.content as { ok?: boolean } | undefined)?.ok)}`;
  }

  @Tool({ name: 'test_input_required_result_multiple_inputs', description: 'Asks three things at once' })
  async multiple(_input: unknown, ctx: SkillContext) {
    const [name, greeting, roots] = await Promise.all([
      ctx.elicit(askName),
      ctx.sample({ key: 'greeting', messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }], maxTokens: 50 }),
      ctx.listRoots({ key: 'client_roots' }),
    ]);
    const text = Array.isArray(greeting.content) ? '' : greeting.content.type === 'text' ? greeting.content.text : '';
    return `name=${nameOf(name.content)} greeting=${text} roots=${roots.roots.length}`;
  }

  @Tool({ name: 'test_input_required_result_multi_round', description: 'Asks two questions, one after the other' })
  async multiRound(_input: unknown, ctx: SkillContext) {
    const step1 = await ctx.elicit({
      key: 'step1',
      message: 'Step 1: What is your name?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
    const step2 = await ctx.elicit({
      key: 'step2',
      message: 'Step 2: What is your favorite color?',
      requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] },
    });
    return `name=${nameOf(step1.content)} color=${String((step2.content as { color?: unknown } | undefined)?.color ?? '')}`;
  }

  @Tool({ name: 'test_input_required_result_tampered_state', description: 'Refuses tampered state' })
  async tampered(_input: unknown, ctx: SkillContext) {
    const answer = await ctx.elicit({ key: 'confirm', message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } });
    return `state-ok: ${answer.action}`;
  }

  @Tool({ name: 'test_input_required_result_capabilities', description: 'Asks only for what the client supports' })
  async capabilities(_input: unknown, ctx: SkillContext) {
    const caps = ctx.client.capabilities;
    const asks: Array<Promise<unknown>> = [];
    if (caps.elicitation) asks.push(ctx.elicit(askName));
    if (caps.sampling) asks.push(ctx.sample({ key: 'greeting', messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }], maxTokens: 50 }));
    if (caps.roots) asks.push(ctx.listRoots({ key: 'client_roots' }));
    const answers = await Promise.all(asks);
    return `answered ${answers.length} request(s)`;
  }

  @Prompt({ name: 'test_input_required_result_prompt', description: 'A prompt that asks for context first' })
  async prompt(_args: unknown, ctx: SkillContext) {
    const answer = await ctx.elicit({
      key: 'user_context',
      message: 'What context should the prompt use?',
      requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
    });
    return `Use this context: ${String((answer.content as { context?: unknown } | undefined)?.context ?? '')}`;
  }
}
