import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
  type GetPromptResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { SkillErrorTranslators } from '../errors/skill-error.translators';
import { SkillError } from '../errors/skill.error';
import type {
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

/**
 * Runs skills: validates input, calls the method, maps its value or failure to the MCP result.
 * Transport-agnostic, so the MCP gateway and other front doors share one behaviour.
 *
 * Failures split two ways. A `SkillError` is meant for the caller and is returned verbatim. Any
 * other exception is a bug or an outage: it is logged (redacted, no stack) under a fresh error
 * id, and the caller gets a generic message quoting that id.
 */
@Injectable()
export class SkillInvoker {
  private readonly logger = new Logger('Skills');

  constructor(private readonly translators: SkillErrorTranslators) {}

  async callTool(tool: ToolDefinition, args: unknown, ctx: SkillContext): Promise<CallToolResult> {
    const input = await tool.input.validate(args ?? {});
    if (!input.ok) return toolErrorResult(SkillsMessages.invalidArguments(tool.name, input.problems));
    let value: unknown;
    try {
      value = await tool.handler.call(input.value, ctx);
    } catch (error) {
      const known = this.known(tool, error);
      if (known) return toolErrorResult(known.message, known.data);
      return toolErrorResult(this.logFailure(tool, error));
    }
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

  async readResource(resource: ResourceDefinition, uri: string, ctx: SkillContext): Promise<ReadResourceResult> {
    const value = await this.run(resource, { uri }, ctx);
    return resourceResult(uri, value, resource.options.mimeType);
  }

  async readTemplate(
    template: ResourceTemplateDefinition,
    uri: string,
    variables: Record<string, string | string[]>,
    ctx: SkillContext,
  ): Promise<ReadResourceResult> {
    const value = await this.run(template, { ...variables, uri }, ctx);
    return resourceResult(uri, value, template.options.mimeType);
  }

  async getPrompt(prompt: PromptDefinition, args: Record<string, string> | undefined, ctx: SkillContext): Promise<GetPromptResult> {
    let input: unknown = args ?? {};
    if (prompt.args) {
      const checked = await prompt.args.validate(input);
      if (!checked.ok) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, SkillsMessages.invalidArguments(prompt.name, checked.problems));
      }
      input = checked.value;
    }
    return promptResult(await this.run(prompt, input, ctx), prompt.options.description);
  }

  /** Resources and prompts have no `isError` channel: failures become JSON-RPC errors. */
  private async run(skill: SkillDefinition, input: unknown, ctx: SkillContext): Promise<unknown> {
    try {
      return await skill.handler.call(input, ctx);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      const known = this.known(skill, error);
      if (known) throw new ProtocolError(ProtocolErrorCode.InvalidParams, known.message, known.data);
      throw new ProtocolError(ProtocolErrorCode.InternalError, this.logFailure(skill, error));
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
