import { Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { SkillError, Tool, type SkillContext } from '@skillnest/skills';

/** Waits `ms`, or rejects when `signal` fires (a cancelled task stops at once). */
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const confirmSchema = { type: 'object' as const, properties: { confirm: { type: 'boolean' } }, required: ['confirm'] };
const accepted = (answer: { action: string; content?: Record<string, unknown> }) => answer.action === 'accept' && answer.content?.confirm === true;

export class GreetDto {
  @IsString() name: string;
}

export class SlowComputeDto {
  @IsInt() @Min(0) @Max(120) seconds: number;
  @IsOptional() @IsString() label?: string;
}

export class FilenameDto {
  @IsString() filename: string;
}

/** The conformance suite's Tasks extension (SEP-2663) fixtures, as ordinary Skillnest skills. */
@Injectable()
export class ConformanceTaskSkills {
  @Tool({ name: 'greet', description: 'Greets by name (a plain tool)', input: GreetDto })
  greet(input: GreetDto) {
    return `Hello, ${input.name}!`;
  }

  // Answered inline when it is that quick (the immediate-result shortcut), else a task.
  @Tool({ name: 'slow_compute', description: 'Sleeps `seconds`, then answers', input: SlowComputeDto, task: { mode: 'optional', inlineMs: 100 } })
  async slowCompute(input: SlowComputeDto, ctx: SkillContext) {
    await pause(input.seconds * 1_000, ctx.signal);
    return `Computed ${input.label ?? 'result'} after ${input.seconds} s`;
  }

  @Tool({ name: 'failing_job', description: 'Fails as a tool after about a second (task only)', task: 'required' })
  async failingJob(_input: unknown, ctx: SkillContext) {
    await pause(1_000, ctx.signal);
    throw new SkillError('The job failed: the upstream batch system rejected it.');
  }

  @Tool({ name: 'protocol_error_job', description: 'Crashes (a server fault, not a tool error)', task: 'optional' })
  async protocolErrorJob(_input: unknown, ctx: SkillContext) {
    await pause(200, ctx.signal);
    throw new TypeError('simulated crash inside the job');
  }

  @Tool({ name: 'confirm_delete', description: 'Asks for confirmation as a task, then deletes', input: FilenameDto, task: 'optional' })
  async confirmDelete(input: FilenameDto, ctx: SkillContext) {
    const answer = await ctx.elicit({ key: 'confirm_delete', message: `Delete ${input.filename}?`, requestedSchema: confirmSchema });
    return accepted(answer) ? `Deleted ${input.filename}` : `Kept ${input.filename}`;
  }

  @Tool({ name: 'multi_input', description: 'Asks two questions at once, as a task', task: 'optional' })
  async multiInput(_input: unknown, ctx: SkillContext) {
    const schema = { type: 'object' as const, properties: { name: { type: 'string' }, confirm: { type: 'boolean' } } };
    const [first, second] = await Promise.all([
      ctx.elicit({ key: 'first', message: 'First question', requestedSchema: schema }),
      ctx.elicit({ key: 'second', message: 'Second question', requestedSchema: schema }),
    ]);
    return `Answers: ${String(first.content?.name)}, ${String(second.content?.name)}`;
  }

  // Asks through the multi-round flow first (inline, before any task), then goes on as a task.
  @Tool({ name: 'test_tool_with_task', description: 'Asks a name, then works on as a task', task: { mode: 'required', inlineMs: 0 } })
  async withTask(_input: unknown, ctx: SkillContext) {
    const answer = await ctx.elicit({
      key: 'user_name',
      message: 'What is your name?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
    await pause(100, ctx.signal);
    return `Hello, ${String(answer.content?.name ?? '')}! The task is done.`;
  }
}
