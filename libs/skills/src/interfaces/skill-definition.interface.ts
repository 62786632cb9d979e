import type { UriTemplate } from '@modelcontextprotocol/server';
import type { SkillSchema } from '../schema/skill-schema.interface';
import type { SkillAccess } from './skill-access.interface';
import type { PromptOptions, ResourceOptions, ResourceTemplateOptions, ToolOptions } from './skill-options.interface';
import type { SkillContext } from './skill-context.interface';

/** The method behind a skill, bound to its provider instance at bootstrap. */
export interface SkillHandler {
  /** `ClassName.method`, used in bootstrap errors and logs. */
  readonly where: string;
  readonly className: string;
  /** The provider class and method, for guards that read their metadata. */
  readonly providerClass: Function;
  readonly method: Function;
  /** The provider instance and method name, for Nest's enhancer machinery (`ExternalContextCreator`). */
  readonly instance?: object;
  readonly methodName?: string;
  /** Which parameter receives the `SkillContext` (the other of the first two gets the input). */
  readonly ctxIndex?: number;
  /** The Nest module that declares the provider: gateways serve skills by module. */
  readonly module: Function | undefined;
  readonly access: SkillAccess;
  /** The method's own return: a value, or a promise of one; it may also throw synchronously. */
  call(input: unknown, ctx: SkillContext): unknown;
}

export interface ToolDefinition {
  readonly kind: 'tool';
  readonly name: string;
  readonly options: ToolOptions;
  readonly input: SkillSchema;
  readonly output?: SkillSchema;
  readonly handler: SkillHandler;
}

export interface ResourceDefinition {
  readonly kind: 'resource';
  readonly name: string;
  readonly options: ResourceOptions;
  readonly handler: SkillHandler;
}

export interface ResourceTemplateDefinition {
  readonly kind: 'resource template';
  readonly name: string;
  readonly options: ResourceTemplateOptions;
  readonly template: UriTemplate;
  readonly handler: SkillHandler;
}

export interface PromptDefinition {
  readonly kind: 'prompt';
  readonly name: string;
  readonly options: PromptOptions;
  readonly args?: SkillSchema;
  readonly handler: SkillHandler;
}

export interface CompletionDefinition {
  readonly kind: 'completion';
  /** `prompt:<name>:<argument>` or `template:<uriTemplate>:<argument>`. */
  readonly name: string;
  readonly options: { timeoutMs?: number };
  readonly handler: SkillHandler;
}

export type SkillDefinition = ToolDefinition | ResourceDefinition | ResourceTemplateDefinition | PromptDefinition | CompletionDefinition;

/** The registry key of a completion. */
export function completionKey(ref: { type: 'prompt' | 'template'; name: string }, argument: string): string {
  return `${ref.type}:${ref.name}:${argument}`;
}
