import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContentBlockParam, Message, MessageParam, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { Injectable } from '@nestjs/common';
import { SkillsRegistry, type SkillContext } from '@skillnest/skills';
import { PendingInput, SkillInvoker, originOf, type SkillCallEnvironment } from '@skillnest/skills/internal';
import { ClaudeClient } from '../claude.client';
import { ClaudeMessages } from '../claude.messages';
import { ClaudeError } from '../errors/claude.error';
import { agentToolsFor, type AgentToolset } from './agent-tools.util';
import type { ClaudeAgentResult, ClaudeAgentRunOptions, ClaudeAgentStep } from './claude-agent.interface';
import { excerpt, toolResultText } from './tool-result.util';

// Marks the async context of a run, so a tool that tries to start another run is refused.
const insideRun = new AsyncLocalStorage<true>();

interface RunState {
  readonly ctx: SkillContext;
  readonly signal: AbortSignal;
  readonly steps: ClaudeAgentStep[];
  readonly limits: { timeBudgetMs: number; toolTimeoutMs: number; maxToolResultChars: number };
  progressCount: number;
}

/**
 * Runs a task with Claude over the app's own skills: Claude gets the tools the caller may use,
 * every `tool_use` runs through the `SkillInvoker` as the caller (validation, timeout, error
 * mapping as over MCP), and the results go back as `tool_result` blocks until Claude ends its
 * turn. Bounded by an iteration cap and a time budget; `ctx.signal` cancels it. Each step is
 * reported through `ctx.progress` ("calling tool X", "Claude answered ...").
 */
@Injectable()
export class ClaudeAgentRunner {
  constructor(
    private readonly claude: ClaudeClient,
    private readonly registry: SkillsRegistry,
    private readonly invoker: SkillInvoker,
  ) {}

  /**
   * The tools a run for `ctx.caller` would offer Claude: inside a gateway's call, what that
   * gateway's dispatcher lets the caller use (its view, scopes and guards, with the request's
   * headers); for a context built outside any gateway (a unit test), the registry by scopes.
   */
  async toolsFor(ctx: SkillContext, options: Pick<ClaudeAgentRunOptions, 'exclude' | 'include'> = {}): Promise<AgentToolset> {
    const nested = originOf(ctx)?.nested;
    if (!nested) return agentToolsFor(this.registry.tools(), ctx.caller, options);
    return agentToolsFor(await nested.toolsFor(ctx), ctx.caller, options, { guardsChecked: true });
  }

  /** Runs the task to Claude's final answer; failures and exhausted limits throw a `ClaudeError`. */
  async run(ctx: SkillContext, options: ClaudeAgentRunOptions): Promise<ClaudeAgentResult> {
    if (insideRun.getStore()) throw new ClaudeError(ClaudeMessages.agentNested(), 'nested_agent');
    const defaults = this.claude.options.agent;
    const limits = {
      maxIterations: options.maxIterations ?? defaults.maxIterations,
      timeBudgetMs: options.timeBudgetMs ?? defaults.timeBudgetMs,
      toolTimeoutMs: options.toolTimeoutMs ?? defaults.toolTimeoutMs,
      maxToolResultChars: options.maxToolResultChars ?? defaults.maxToolResultChars,
    };
    const budget = AbortSignal.timeout(limits.timeBudgetMs);
    const state: RunState = { ctx, signal: AbortSignal.any([ctx.signal, budget]), steps: [], limits, progressCount: 0 };
    try {
      return await insideRun.run(true, () => this.loop(state, options, limits.maxIterations));
    } catch (error) {
      // Whatever failed once the budget ran out (the Claude call, a tool) failed because of it.
      if (budget.aborted && !ctx.signal.aborted) {
        throw new ClaudeError(
          ClaudeMessages.agentTimeBudget(
            limits.timeBudgetMs,
            state.steps.map((step) => step.tool),
          ),
          'time_budget',
          undefined,
          {
            steps: state.steps,
          },
        );
      }
      throw error;
    }
  }

  private async loop(state: RunState, options: ClaudeAgentRunOptions, maxIterations: number): Promise<ClaudeAgentResult> {
    const toolset = await this.toolsFor(state.ctx, options);
    const model = options.model ?? this.claude.model;
    const messages: MessageParam[] = [{ role: 'user', content: options.task }];
    for (let turn = 1; turn <= maxIterations; turn++) {
      await this.report(state, `asking Claude (turn ${turn} of ${maxIterations})`);
      const response = await this.ask(state, toolset, messages, model, options);
      messages.push({ role: 'assistant', content: response.content as ContentBlockParam[] });
      if (response.stop_reason === 'refusal') throw new ClaudeError(ClaudeMessages.agentRefused(), 'refused');
      // A paused server-side turn continues when its content is sent back as it is.
      if (response.stop_reason === 'pause_turn') continue;
      const uses = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
      if (response.stop_reason !== 'tool_use' || uses.length === 0) {
        await this.report(state, `Claude answered (turn ${turn}): final answer`);
        const answer = response.content
          .flatMap((block) => (block.type === 'text' ? [block.text] : []))
          .join('\n')
          .trim();
        return { answer: answer || ClaudeMessages.agentNoText(), steps: state.steps, iterations: turn, stopReason: response.stop_reason, model: response.model };
      }
      await this.report(state, `Claude answered (turn ${turn}): calling ${uses.map((use) => use.name).join(', ')}`);
      const results: ToolResultBlockParam[] = [];
      for (const use of uses) {
        results.push(await this.callTool(state, toolset, use));
        state.signal.throwIfAborted();
      }
      messages.push({ role: 'user', content: results });
    }
    throw new ClaudeError(
      ClaudeMessages.agentIterationLimit(
        maxIterations,
        state.steps.map((step) => step.tool),
      ),
      'iteration_limit',
      undefined,
      {
        steps: state.steps,
      },
    );
  }

  private ask(state: RunState, toolset: AgentToolset, messages: MessageParam[], model: string, options: ClaudeAgentRunOptions): Promise<Message> {
    return this.claude.run(
      state.signal,
      (sdk, signal) =>
        sdk.messages.create(
          {
            model,
            max_tokens: options.maxTokens ?? this.claude.options.maxTokens,
            messages,
            ...(options.system ? { system: options.system } : {}),
            ...(toolset.definitions.length ? { tools: toolset.definitions } : {}),
          },
          { signal },
        ),
      model,
    );
  }

  /** Runs one `tool_use` as the caller and turns the outcome into the `tool_result` Claude reads. */
  private async callTool(state: RunState, toolset: AgentToolset, use: ToolUseBlock): Promise<ToolResultBlockParam> {
    const input = (use.input && typeof use.input === 'object' ? use.input : {}) as Record<string, unknown>;
    const tool = toolset.byName.get(use.name);
    let text: string;
    let isError: boolean;
    if (!tool) {
      [text, isError] = [ClaudeMessages.agentUnknownTool(use.name), true];
    } else {
      await this.report(state, `calling tool ${use.name}`);
      const nested = originOf(state.ctx)?.nested;
      const env = this.environment(state, use.name);
      // Through the dispatcher that serves the parent call: same view, access, budgets, enhancers.
      const outcome = nested
        ? await nested.callTool(state.ctx, tool.name, input, { signal: state.signal, defaultTimeoutMs: env.defaultTimeoutMs, progress: env.progress })
        : await this.invoker.callTool(tool, input, env);
      if (outcome instanceof PendingInput) [text, isError] = [ClaudeMessages.agentNeedsInput(use.name), true];
      else [text, isError] = [toolResultText(outcome, state.limits.maxToolResultChars, ClaudeMessages.agentToolResultTruncated), outcome.isError === true];
      await this.report(state, `tool ${use.name} ${isError ? 'failed' : 'answered'}`);
    }
    state.steps.push({ tool: use.name, input, isError, result: excerpt(text) });
    return { type: 'tool_result', tool_use_id: use.id, content: text, ...(isError ? { is_error: true } : {}) };
  }

  /** The calling skill's context, as the invoker needs it for a nested call. */
  private environment(state: RunState, toolName: string): SkillCallEnvironment {
    const { ctx } = state;
    return {
      caller: ctx.caller,
      client: ctx.client,
      requestId: ctx.requestId,
      signal: state.signal,
      // Answers belong to the outer call's own input requests, not to the nested tool's.
      answers: {},
      defaultTimeoutMs: Math.min(state.limits.toolTimeoutMs, state.limits.timeBudgetMs),
      // A nested tool's own counter would break the rule that progress only increases: renumber it.
      progress: (done, total, message) => this.report(state, `${toolName}: ${message ?? (total ? `${done}/${total}` : String(done))}`),
      log: (level, message, data) => ctx.log(level, message, data),
    };
  }

  private async report(state: RunState, message: string): Promise<void> {
    state.progressCount++;
    // Progress is best effort: a client that stopped listening must not fail the run.
    await state.ctx.progress(state.progressCount, undefined, message).catch(() => undefined);
  }
}
