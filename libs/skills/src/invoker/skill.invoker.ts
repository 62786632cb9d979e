import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, type CallToolResult, type CompleteResult, type GetPromptResult, type ReadResourceResult } from '@modelcontextprotocol/server';
import type { PendingInput } from '../context/pending-input';
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
import type { SchemaValidation } from '../schema/skill-schema.interface';
import { SkillsMessages } from '../skills.messages';
import { isThenable, type MaybePromise } from './maybe-promise';
import { logSafe } from './log-safe.util';
import { describeCause } from './redact.util';
import { CallAborted, executeSkill, type Completed } from './skill-execution';
import { promptResult, resourceResult, structuredToolResult, textToolResult, toPlainJson, toolErrorResult } from './skill-result.mapper';

/** The machine-readable reason of an aborted call, for `_meta['io.skillnest/error']`. */
const ABORT_REASONS = { timeout: 'timeout', cancelled: 'cancelled', shutdown: 'shutting_down' } as const;

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

  /**
   * Validates and runs a tool. Answers synchronously when the input validates synchronously and
   * the skill returns a plain value, the common case of the gateway's fast path: no promise, no
   * microtask hop; a promise otherwise. Callers simply `await` it.
   */
  callTool(tool: ToolDefinition, args: unknown, env: SkillCallEnvironment): MaybePromise<CallToolResult | PendingInput> {
    const checked = tool.input.validate(args ?? {});
    if (isThenable(checked)) return Promise.resolve(checked).then((input) => this.validatedTool(tool, input, env));
    return this.validatedTool(tool, checked, env);
  }

  /** Runs a tool on input the caller already validated with `tool.input` (REST reports problems its own way). */
  runTool(tool: ToolDefinition, input: unknown, env: SkillCallEnvironment): MaybePromise<CallToolResult | PendingInput> {
    let outcome: MaybePromise<Completed<unknown>>;
    try {
      outcome = executeSkill(tool, input, env);
    } catch (error) {
      return this.toolFailure(tool, error, env);
    }
    if (isThenable(outcome))
      return outcome.then(
        (done) => this.toolOutcome(tool, done),
        (error: unknown) => this.toolFailure(tool, error, env),
      );
    return this.toolOutcome(tool, outcome);
  }

  private validatedTool(tool: ToolDefinition, input: SchemaValidation, env: SkillCallEnvironment): MaybePromise<CallToolResult | PendingInput> {
    if (!input.ok) return toolErrorResult(SkillsMessages.invalidArguments(tool.name, input.problems));
    return this.runTool(tool, input.value, env);
  }

  private toolFailure(tool: ToolDefinition, error: unknown, env: SkillCallEnvironment): CallToolResult {
    if (error instanceof CallAborted) return toolErrorResult(this.abortedMessage(tool, error, env), { reason: ABORT_REASONS[error.why] });
    const known = this.known(tool, error);
    if (known) return toolErrorResult(known.message, known.data);
    return this.internalFailure(tool, error);
  }

  private toolOutcome(tool: ToolDefinition, outcome: Completed<unknown>): MaybePromise<CallToolResult | PendingInput> {
    if ('pending' in outcome) return outcome.pending;
    const value = outcome.value;
    let structured: unknown;
    try {
      if (!tool.output || value === undefined || (value !== null && typeof value === 'object' && 'isError' in value)) return textToolResult(value);
      structured = toPlainJson(value);
    } catch (error) {
      // A BigInt or a cycle: a bug of the skill, answered like any other, before a front door fails to send it.
      return this.internalFailure(tool, new TypeError(SkillsMessages.unserialisableResult(describeCause(error))));
    }
    const checked = tool.output.validate(structured);
    return isThenable(checked) ? Promise.resolve(checked).then((result) => this.checkedOutput(tool, structured, result)) : this.checkedOutput(tool, structured, checked);
  }

  private checkedOutput(tool: ToolDefinition, structured: unknown, checked: SchemaValidation): CallToolResult {
    if (!checked.ok) {
      this.logger.error(logSafe(SkillsMessages.outputMismatchLog(tool.name, checked.problems)));
      return this.internalFailure(tool, new Error('result does not match the output schema'));
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
      return await executeSkill(skill, input, env);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      if (error instanceof CallAborted) throw new ProtocolError(ProtocolErrorCode.InternalError, this.abortedMessage(skill, error, env));
      const known = this.known(skill, error);
      if (known) throw new ProtocolError(ProtocolErrorCode.InvalidParams, known.message, known.data);
      const failure = this.logFailure(skill, error);
      throw new ProtocolError(ProtocolErrorCode.InternalError, failure.message, failure.data);
    }
  }

  private abortedMessage(skill: SkillDefinition, aborted: CallAborted, env: SkillCallEnvironment): string {
    if (aborted.why === 'timeout') return SkillsMessages.timedOut(skill.kind, skill.name, skill.options.timeoutMs ?? env.defaultTimeoutMs);
    return aborted.why === 'shutdown' ? SkillsMessages.shutDown(skill.kind, skill.name) : SkillsMessages.cancelled(skill.kind, skill.name);
  }

  /** A `SkillError`, or an infrastructure failure a translator recognises (logged: it is an outage). */
  private known(skill: SkillDefinition, error: unknown): SkillError | undefined {
    if (error instanceof SkillError) return error;
    const translated = this.translators.translate(error);
    if (translated) this.logger.warn(SkillsMessages.translatedFailureLog(skill.kind, skill.name, describeCause(error)));
    return translated;
  }

  /** A bug or an outage: logged (redacted, no stack) under a fresh error id the caller can quote. */
  private logFailure(skill: SkillDefinition, error: unknown): { message: string; data: { reason: 'internal_error'; errorId: string } } {
    const errorId = randomUUID();
    this.logger.error(SkillsMessages.skillFailedLog(skill.kind, skill.name, errorId, describeCause(error)));
    return { message: SkillsMessages.internalFailure(skill.kind, skill.name, errorId), data: { reason: 'internal_error', errorId } };
  }

  private internalFailure(tool: ToolDefinition, error: unknown): CallToolResult {
    const failure = this.logFailure(tool, error);
    return toolErrorResult(failure.message, failure.data);
  }
}
