import { Injectable } from '@nestjs/common';
import { SkillsRegistry } from '@skillnest/skills';
import type { CompletionDefinition, PromptDefinition, ResourceDefinition, ResourceTemplateDefinition, SkillDefinition, ToolDefinition } from '@skillnest/skills';
import { GatewayConfig } from '../config/gateway-config';

/**
 * The skills one gateway serves: the registry's, narrowed to the gateway's modules when it names
 * some. A request to a gateway never reaches another gateway's skills, by name or by listing.
 */
@Injectable()
export class GatewaySkills {
  private readonly modules: ReadonlySet<Function> | undefined;

  constructor(
    readonly registry: SkillsRegistry,
    config: GatewayConfig,
  ) {
    this.modules = config.modules;
  }

  /** Every skill of this gateway that can be switched on (for bootstrap-time preparation). */
  all(): SkillDefinition[] {
    return [...this.tools(), ...this.resources(), ...this.resourceTemplates(), ...this.prompts()];
  }

  includes(skill: SkillDefinition | undefined): boolean {
    return skill !== undefined && (!this.modules || (skill.handler.module !== undefined && this.modules.has(skill.handler.module)));
  }

  tools(): ToolDefinition[] {
    return this.registry.tools().filter((skill) => this.includes(skill));
  }
  tool(name: string): ToolDefinition | undefined {
    const skill = this.registry.tool(name);
    return this.includes(skill) ? skill : undefined;
  }
  resources(): ResourceDefinition[] {
    return this.registry.resources().filter((skill) => this.includes(skill));
  }
  resource(uri: string): ResourceDefinition | undefined {
    const skill = this.registry.resource(uri);
    return this.includes(skill) ? skill : undefined;
  }
  resourceTemplates(): ResourceTemplateDefinition[] {
    return this.registry.resourceTemplates().filter((skill) => this.includes(skill));
  }
  prompts(): PromptDefinition[] {
    return this.registry.prompts().filter((skill) => this.includes(skill));
  }
  prompt(name: string): PromptDefinition | undefined {
    const skill = this.registry.prompt(name);
    return this.includes(skill) ? skill : undefined;
  }
  completion(key: string): CompletionDefinition | undefined {
    const skill = this.registry.completion(key);
    return this.includes(skill) ? skill : undefined;
  }
  completions(): CompletionDefinition[] {
    return this.registry.completions().filter((skill) => this.includes(skill));
  }
  /** The enabled template with that URI template in this gateway's view (completion refs name it so). */
  resourceTemplateByUri(uriTemplate: string): ResourceTemplateDefinition | undefined {
    return this.resourceTemplates().find((skill) => skill.options.uriTemplate === uriTemplate);
  }
  /** The resource of that URI, else the first template that matches it (the skill a read is observed as). */
  resourceAt(uri: string): ResourceDefinition | ResourceTemplateDefinition | undefined {
    return this.resource(uri) ?? this.resourceTemplates().find((skill) => skill.template.match(uri));
  }
  hasCompletions(): boolean {
    return this.registry.hasCompletions();
  }

  /** Every scope some skill of this gateway requires (for `scopes_supported`). */
  scopesUsed(): string[] {
    return [...new Set(this.all().flatMap((skill) => skill.handler.access.scopes))].sort();
  }

  /** Whether what a caller may see depends on who it is (scopes or guards anywhere). */
  restricted(): boolean {
    // A guard restricts even a `@Public` skill: public only waives the scopes.
    return this.all().some(({ handler: { access } }) => access.guards.length > 0 || (!access.public && access.scopes.length > 0));
  }
}
