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

type Switchable = 'tool' | 'resource' | 'resource template' | 'prompt';

/**
 * A change clients should hear about: a list changed (a skill switched on or off, named by
 * `key`), or one resource's content did. Plain data, so it can be shared with other replicas.
 */
export type SkillsChange = { type: 'list'; kind: Switchable; key: string; enabled: boolean } | { type: 'resource'; uri: string };

/**
 * Holds every skill the explorer found, keyed by wire name (resources by URI), and whether each
 * is switched on. Stores only: discovery is the explorer's job, invocation the invoker's, and
 * telling clients about changes the gateway's (it listens with `onChange`). Insertion order is
 * kept, so lists are stable across replicas built from the same code.
 */
@Injectable()
export class SkillsRegistry {
  private readonly disabled = new Set<string>();
  private readonly listeners = new Set<(change: SkillsChange) => void>();
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

  /** Switches a skill on or off at runtime (`key`: name, or URI for resources); clients are told. */
  setEnabled(kind: Switchable, key: string, enabled: boolean): void {
    const id = `${kind}:${key}`;
    if (enabled === !this.disabled.has(id)) return;
    if (enabled) this.disabled.delete(id);
    else this.disabled.add(id);
    this.emit({ type: 'list', kind, key, enabled });
  }

  /** Tells subscribed clients that the content of `uri` changed. */
  resourceUpdated(uri: string): void {
    this.emit({ type: 'resource', uri });
  }

  onChange(listener: (change: SkillsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tools(): ToolDefinition[] {
    return this.enabled('tool', this.toolsByName);
  }
  tool(name: string): ToolDefinition | undefined {
    return this.ifEnabled('tool', name, this.toolsByName.get(name));
  }
  resources(): ResourceDefinition[] {
    return this.enabled('resource', this.resourcesByUri);
  }
  resource(uri: string): ResourceDefinition | undefined {
    return this.ifEnabled('resource', uri, this.resourcesByUri.get(uri));
  }
  resourceTemplates(): ResourceTemplateDefinition[] {
    return this.enabled('resource template', this.templatesByName);
  }
  prompts(): PromptDefinition[] {
    return this.enabled('prompt', this.promptsByName);
  }
  prompt(name: string): PromptDefinition | undefined {
    return this.ifEnabled('prompt', name, this.promptsByName.get(name));
  }
  completion(key: string): CompletionDefinition | undefined {
    return this.completionsByKey.get(key);
  }
  completions(): CompletionDefinition[] {
    return [...this.completionsByKey.values()];
  }
  hasCompletions(): boolean {
    return this.completionsByKey.size > 0;
  }

  private enabled<T>(kind: Switchable, map: Map<string, T>): T[] {
    if (this.disabled.size === 0) return [...map.values()];
    return [...map.entries()].filter(([key]) => !this.disabled.has(`${kind}:${key}`)).map(([, value]) => value);
  }

  private ifEnabled<T>(kind: Switchable, key: string, value: T | undefined): T | undefined {
    return value !== undefined && this.disabled.size > 0 && this.disabled.has(`${kind}:${key}`) ? undefined : value;
  }

  private emit(change: SkillsChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private put<T extends SkillDefinition>(map: Map<string, T>, key: string, definition: T): void {
    const existing = map.get(key);
    if (existing) {
      throw new SkillDefinitionError(SkillsMessages.duplicateSkill(definition.kind, key, existing.handler.where, definition.handler.where));
    }
    map.set(key, definition);
  }
}
