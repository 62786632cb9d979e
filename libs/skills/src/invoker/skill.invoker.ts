import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
  type CompleteResult,
  type GetPromptResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { InputRequestCollector } from '../context/input-request.collector';
import { InputRequiredSignal, PendingInput } from '../context/pending-input';
import type { SkillCallEnvironment } from '../context/skill-call.environment';
import { SkillErrorTranslators } from '../errors/skill-error.translators';
import { SkillError } from '../errors/skill.error';
import type {
  CompletionDefinition,
  PromptDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  SkillDefinition,
  ToolDefinition,
} from '../interfaces/skill-definition.interface';
import type { SkillContext } from '../interfaces/skill-context.interface';
import { SkillsMessages } from '../skills.messages';
import { describeCause } from './redact.util';
import {
  promptResult,
  resourceResult,
  structuredToolResult,
  textToolResult,
  toPlainJson,
  toolErrorResult,
} from './skill-result.mapper';

/** Why a call was stopped before the skill returned. */
class CallAborted extends Error {
  constructor(readonly timedOut: boolean) {
    super(timedOut ? 'timeout' : 'cancelled');
  }
}

type Completed<T> = { value: T } | { pending: PendingInput };

/**
 * Runs skills: validates input, builds the `SkillContext`, calls the method under its timeout,
 * and maps its value or failure to the MCP result. Transport-agnostic, so the MCP gateway and
 * other front doors share one behaviour.
 *
 * Failures split three ways. A `SkillError` (or an infrastructure failure a translator
 * recognises) is meant for the caller and is returned verbatim. A timeout or cancellation says
 * so. Anything else is a bug or an outage: it is logged (redacted, no stack) under a fresh error
 * id, and the caller gets a generic message quoting that id. A skill that asked for client input
 * yields a `PendingInput` instead of a result.
 */
@Injectable()
export class SkillInvoker {
  private readonly logger = new Logger('Skills');

  constructor(private readonly translators: SkillErrorTranslators) {}

  async callTool(tool: ToolDefinition, args: unknown, env: SkillCallEnvironment): Promise<CallToolResult | PendingInput> {
    const input = await tool.input.validate(args ?? {});
    if (!input.ok) return toolErrorResult(SkillsMessages.invalidArguments(tool.name, input.problems));
    return this.runTool(tool, input.value, env);
  }

  /** Runs a tool on input the caller already validated with `tool.input` (REST reports problems its own way). */
  async runTool(tool: ToolDefinition, input: unknown, env: SkillCallEnvironment): Promise<CallToolResult | PendingInput> {
    let outcome: Completed<unknown>;
    try {
      outcome = await this.execute(tool, input, env);
    } catch (error) {
      if (error instanceof CallAborted) {
        const ms = tool.options.timeoutMs ?? env.defaultTimeoutMs;
        return toolErrorResult(error.timedOut ? SkillsMessages.timedOut('tool', tool.name, ms) : SkillsMessages.cancelled('tool', tool.name));
      }
      const known = this.known(tool, error);
      if (known) return toolErrorResult(known.message, known.data);
      return toolErrorResult(this.logFailure(tool, error));
    }
    if ('pending' in outcome) return outcome.pending;
    const value = outcome.value;
    if (!tool.output || value === undefined || (value !== null && typeof value === 'object' && 'isError' in value)) {
      return textToolResult(value);
    }
    const structured = toPlainJson(value);
    const checked = await tool.output.validate(structured);
    if (!checked.ok) {
      this.logger.error(SkillsMessages.outputMismatchLog(tool.name, checked.problems));
      return toolErrorResult(this.logFailure(tool, new Error('result does not match the output schema')));
    }
    return structuredToolResult(structured as Record<string, unknown>);
  }

  async readResource(resource: ResourceDefinition, uri: string, env: SkillCallEnvironment): Promise<ReadResourceResult | PendingInput> {
    const outcome = await this.run(resource, { uri }, env);
    return 'pending' in outcome ? outcome.pending : resourceResult(uri, outcome.value, resource.options.mimeType);
  }

  async readTemplate(
    template: ResourceTemplateDefinition,
    uri: string,
    variables: Record<string, string | string[]>,
    env: SkillCallEnvironment,
  ): Promise<ReadResourceResult | PendingInput> {
    const outcome = await this.run(template, { ...variables, uri }, env);
    return 'pending' in outcome ? outcome.pending : resourceResult(uri, outcome.value, template.options.mimeType);
  }

  async getPrompt(prompt: PromptDefinition, args: Record<string, string> | undefined, env: SkillCallEnvironment): Promise<GetPromptResult | PendingInput> {
    let input: unknown = args ?? {};
    if (prompt.args) {
      const checked = await prompt.args.validate(input);
      if (!checked.ok) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, SkillsMessages.invalidArguments(prompt.name, checked.problems));
      }
      input = checked.value;
    }
    const outcome = await this.run(prompt, input, env);
    return 'pending' in outcome ? outcome.pending : promptResult(outcome.value, prompt.options.description);
  }

  /** Suggestions for a prompt argument or template variable: at most 100, best first. */
  async complete(completion: CompletionDefinition, value: string, context: Record<string, string>, env: SkillCallEnvironment): Promise<CompleteResult> {
    const outcome = await this.run(completion, { value, context }, env);
    const all = 'value' in outcome && Array.isArray(outcome.value) ? outcome.value.map(String) : [];
    return { completion: { values: all.slice(0, 100), total: all.length, hasMore: all.length > 100 } };
  }

  /** Resources and prompts have no `isError` channel: failures become JSON-RPC errors. */
  private async run(skill: SkillDefinition, input: unknown, env: SkillCallEnvironment): Promise<Completed<unknown>> {
    try {
      return await this.execute(skill, input, env);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      if (error instanceof CallAborted) {
        const ms = skill.options.timeoutMs ?? env.defaultTimeoutMs;
        const message = error.timedOut ? SkillsMessages.timedOut(skill.kind, skill.name, ms) : SkillsMessages.cancelled(skill.kind, skill.name);
        throw new ProtocolError(ProtocolErrorCode.InternalError, message);
      }
      const known = this.known(skill, error);
      if (known) throw new ProtocolError(ProtocolErrorCode.InvalidParams, known.message, known.data);
      throw new ProtocolError(ProtocolErrorCode.InternalError, this.logFailure(skill, error));
    }
  }

  /** Calls the method with its context, under its timeout; input requests end the round early. */
  private async execute(skill: SkillDefinition, input: unknown, env: SkillCallEnvironment): Promise<Completed<unknown>> {
    const timeoutMs = skill.options.timeoutMs ?? env.defaultTimeoutMs;
    // One controller and one timer per call, both released when the call ends: AbortSignal.timeout
    // would keep a timer alive for the whole timeout after the call (at thousands of calls a
    // second, a heap of pending timers), and AbortSignal.any a web of weak references.
    const controller = env.controller ?? new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`skill timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const forward = env.controller ? undefined : () => controller.abort(env.signal.reason);
    if (forward && env.signal.aborted) forward();
    else if (forward) env.signal.addEventListener('abort', forward, { once: true });
    const signal = controller.signal;
    const inputs = new InputRequestCollector(env.answers);
    const ctx: SkillContext = {
      caller: env.caller,
      client: env.client,
      requestId: env.requestId,
      signal,
      progress: env.progress,
      log: env.log,
      elicit: (request) => inputs.elicit(request),
      sample: (request) => inputs.sample(request),
      listRoots: (request) => inputs.listRoots(request),
    };
    let stop: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      stop = () => reject(new CallAborted((signal.reason as Error | undefined)?.name === 'TimeoutError'));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const value = await Promise.race([skill.handler.call(input, ctx), aborted]);
      return inputs.hasPending ? { pending: new PendingInput(inputs.pending, inputs.validAnswers()) } : { value };
    } catch (error) {
      if (inputs.hasPending && (error instanceof InputRequiredSignal || !(error instanceof CallAborted))) {
        return { pending: new PendingInput(inputs.pending, inputs.validAnswers()) };
      }
      throw error;
    } finally {
      clearTimeout(timer);
      if (forward) env.signal.removeEventListener('abort', forward);
      if (stop) signal.removeEventListener('abort', stop);
    }
  }

  /** A `SkillError`, or an infrastructure failure a translator recognises (logged: it is an outage). */
  private known(skill: SkillDefinition, error: unknown): SkillError | undefined {
    if (error instanceof SkillError) return error;
    const translated = this.translators.translate(error);
    if (translated) this.logger.warn(SkillsMessages.translatedFailureLog(skill.kind, skill.name, describeCause(error)));
    return translated;
  }

  private logFailure(skill: SkillDefinition, error: unknown): string {
    const errorId = randomUUID();
    this.logger.error(SkillsMessages.skillFailedLog(skill.kind, skill.name, errorId, describeCause(error)));
    return SkillsMessages.internalFailure(skill.kind, skill.name, errorId);
  }
}
