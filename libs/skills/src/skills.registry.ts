import { Injectable } from '@nestjs/common';
import { SkillDefinitionError } from './errors/skill-definition.error';
import type {
  CompletionDefinition,
  PromptDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  SkillDefinition,
  ToolDefinition,
} from './interfaces/skill-definition.interface';
import { SkillsMessages } from './skills.messages';

/**
 * Holds every skill the explorer found, keyed by wire name (resources by URI). Stores only:
 * discovery is the explorer's job, invocation the invoker's. Insertion order is kept, so lists
 * are stable across replicas built from the same code.
 */
@Injectable()
export class SkillsRegistry {
  private readonly toolsByName = new Map<string, ToolDefinition>();
  private readonly resourcesByUri = new Map<string, ResourceDefinition>();
  private readonly templatesByName = new Map<string, ResourceTemplateDefinition>();
  private readonly promptsByName = new Map<string, PromptDefinition>();
  private readonly completionsByKey = new Map<string, CompletionDefinition>();

  /** Adds a skill; a second skill under the same key fails the bootstrap, naming both methods. */
  add(definition: SkillDefinition): void {
    switch (definition.kind) {
      case 'tool':
        return this.put(this.toolsByName, definition.name, definition);
      case 'resource':
        return this.put(this.resourcesByUri, definition.options.uri, definition);
      case 'resource template':
        return this.put(this.templatesByName, definition.name, definition);
      case 'prompt':
        return this.put(this.promptsByName, definition.name, definition);
      case 'completion':
        return this.put(this.completionsByKey, definition.name, definition);
    }
  }

  tools(): ToolDefinition[] {
    return [...this.toolsByName.values()];
  }
  tool(name: string): ToolDefinition | undefined {
    return this.toolsByName.get(name);
  }
  resources(): ResourceDefinition[] {
    return [...this.resourcesByUri.values()];
  }
  resource(uri: string): ResourceDefinition | undefined {
    return this.resourcesByUri.get(uri);
  }
  resourceTemplates(): ResourceTemplateDefinition[] {
    return [...this.templatesByName.values()];
  }
  prompts(): PromptDefinition[] {
    return [...this.promptsByName.values()];
  }
  prompt(name: string): PromptDefinition | undefined {
    return this.promptsByName.get(name);
  }
  completion(key: string): CompletionDefinition | undefined {
    return this.completionsByKey.get(key);
  }
  hasCompletions(): boolean {
    return this.completionsByKey.size > 0;
  }

  private put<T extends SkillDefinition>(map: Map<string, T>, key: string, definition: T): void {
    const existing = map.get(key);
    if (existing) {
      throw new SkillDefinitionError(
        SkillsMessages.duplicateSkill(definition.kind, key, existing.handler.where, definition.handler.where),
      );
    }
    map.set(key, definition);
  }
}
