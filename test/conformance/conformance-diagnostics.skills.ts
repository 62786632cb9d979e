import { Injectable } from '@nestjs/common';
import { Prompt, SkillsRegistry, Tool, type SkillContext } from '@skillnest/skills';

/** The diagnostic hooks of the `server-stateless` scenario: streaming, logging, list changes. */
@Injectable()
export class ConformanceDiagnosticSkills {
  constructor(private readonly registry: SkillsRegistry) {}

  @Tool({ name: 'test_streaming_elicitation', description: 'Streams progress, then asks for input' })
  async streamingElicitation(_input: unknown, ctx: SkillContext) {
    await ctx.log('info', 'about to ask');
    await ctx.progress(1, 2);
    const answer = await ctx.elicit({ key: 'stream_name', message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
    return `answered: ${answer.action}`;
  }

  @Tool({ name: 'test_logging_tool', description: 'Logs, which only a client that asked for a log level sees' })
  async logging(_input: unknown, ctx: SkillContext) {
    await ctx.log('info', 'a log line');
    return 'logged';
  }

  @Tool({ name: 'test_dynamic_tool', description: 'Switched on and off by test_trigger_tool_change' })
  dynamicTool() {
    return 'dynamic';
  }

  @Prompt({ name: 'test_dynamic_prompt', description: 'Switched on and off by test_trigger_prompt_change' })
  dynamicPrompt() {
    return 'dynamic prompt';
  }

  @Tool({ name: 'test_trigger_tool_change', description: 'Toggles test_dynamic_tool, changing the tool list' })
  toggleTool() {
    const on = this.registry.tool('test_dynamic_tool') !== undefined;
    this.registry.setEnabled('tool', 'test_dynamic_tool', !on);
    return `test_dynamic_tool is now ${on ? 'off' : 'on'}`;
  }

  @Tool({ name: 'test_trigger_prompt_change', description: 'Toggles test_dynamic_prompt, changing the prompt list' })
  togglePrompt() {
    const on = this.registry.prompt('test_dynamic_prompt') !== undefined;
    this.registry.setEnabled('prompt', 'test_dynamic_prompt', !on);
    return `test_dynamic_prompt is now ${on ? 'off' : 'on'}`;
  }
}
