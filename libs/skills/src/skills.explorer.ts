import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { UriTemplate } from '@modelcontextprotocol/server';
import { Completion } from './decorators/completion.decorator';
import { ctxParameterIndex } from './decorators/ctx.decorator';
import { Prompt } from './decorators/prompt.decorator';
import { ResourceTemplate } from './decorators/resource-template.decorator';
import { Resource } from './decorators/resource.decorator';
import { PUBLIC_METADATA, SCOPES_METADATA } from './decorators/scopes.decorator';
import { Tool } from './decorators/tool.decorator';
import { SKILL_CLASSES } from './decorators/skill-decorator.util';
import type { SkillAccess } from './interfaces/skill-access.interface';
import { SkillDefinitionError } from './errors/skill-definition.error';
import { completionKey, type SkillDefinition, type SkillHandler } from './interfaces/skill-definition.interface';
import { EMPTY_INPUT_SCHEMA, createSkillSchema } from './schema/skill-schema.factory';
import { SkillsMessages } from './skills.messages';
import { SkillsRegistry } from './skills.registry';

/**
 * Finds `@Tool`, `@Resource`, `@ResourceTemplate` and `@Prompt` methods on every provider of the
 * app at bootstrap, compiles their schemas once, and hands the definitions to the registry.
 */
@Injectable()
export class SkillsExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: SkillsRegistry,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const providers = this.discovery.getProviders();
    this.reportUnprovided(providers.map((wrapper) => wrapper.metatype).filter((type): type is Function => typeof type === 'function'));
    for (const wrapper of providers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        for (const definition of this.definitionsOf(wrapper, instance, method)) this.registry.add(definition);
      }
    }
  }

  /**
   * A class with skill methods that no module of the app provides serves nothing, and a caller
   * would only hear "Unknown tool": said at startup, naming it. A class provided through a
   * subclass counts as provided.
   */
  private reportUnprovided(providers: Function[]): void {
    for (const type of SKILL_CLASSES) {
      if (providers.some((provider) => provider === type || provider.prototype instanceof type)) continue;
      new Logger('SkillsExplorer').warn(SkillsMessages.unprovidedSkillClass(type.name));
    }
  }

  private definitionsOf(wrapper: InstanceWrapper, instance: Record<string, unknown>, method: string): SkillDefinition[] {
    const tool = this.discovery.getMetadataByDecorator(Tool, wrapper, method);
    const resource = this.discovery.getMetadataByDecorator(Resource, wrapper, method);
    const template = this.discovery.getMetadataByDecorator(ResourceTemplate, wrapper, method);
    const prompt = this.discovery.getMetadataByDecorator(Prompt, wrapper, method);
    const completion = this.discovery.getMetadataByDecorator(Completion, wrapper, method);
    if (!tool && !resource && !template && !prompt && !completion) return [];

    const handler = this.handlerFor(wrapper, instance, method);
    const found: SkillDefinition[] = [];
    if (tool) {
      found.push({
        kind: 'tool',
        name: tool.name ?? method,
        options: tool,
        input: tool.input ? createSkillSchema(tool.input, `${handler.where} input`) : EMPTY_INPUT_SCHEMA,
        output: tool.output ? createSkillSchema(tool.output, `${handler.where} output`) : undefined,
        handler,
      });
    }
    if (resource) found.push({ kind: 'resource', name: resource.name ?? method, options: resource, handler });
    if (template) {
      found.push({
        kind: 'resource template',
        name: template.name ?? method,
        options: template,
        template: this.compileTemplate(template.uriTemplate, handler.where),
        handler,
      });
    }
    if (prompt) {
      found.push({
        kind: 'prompt',
        name: prompt.name ?? method,
        options: prompt,
        args: prompt.args ? createSkillSchema(prompt.args, `${handler.where} args`) : undefined,
        handler,
      });
    }
    for (const target of completion ? [completion].flat() : []) {
      const ref = 'prompt' in target ? { type: 'prompt' as const, name: target.prompt } : { type: 'template' as const, name: target.resourceTemplate };
      found.push({ kind: 'completion', name: completionKey(ref, target.argument), options: {}, handler });
    }
    return found;
  }

  private handlerFor(wrapper: InstanceWrapper, instance: Record<string, unknown>, method: string): SkillHandler {
    const className = instance.constructor.name;
    const where = `${className}.${method}`;
    // A request-scoped provider has no single instance to bind; failing here beats a skill that
    // silently runs on a stale prototype instance.
    if (!wrapper.isDependencyTreeStatic()) throw new SkillDefinitionError(SkillsMessages.requestScopedSkill(where));
    const fn = instance[method] as (...args: unknown[]) => unknown;
    const owner = instance.constructor;
    const ctxIndex = ctxParameterIndex(Object.getPrototypeOf(instance), method);
    const base = {
      where,
      className,
      providerClass: owner,
      method: fn,
      instance,
      methodName: method,
      ctxIndex: ctxIndex ?? 1,
      module: wrapper.host?.metatype,
      access: this.accessOf(owner, fn),
    };
    if (ctxIndex === undefined || ctxIndex === 1) {
      // Not wrapped in an async function: the invoker answers a synchronous skill without a promise.
      return { ...base, call: (input, ctx) => fn.call(instance, input, ctx) };
    }
    // `@Ctx()` elsewhere: the context goes there and the input to the first other parameter.
    const inputIndex = ctxIndex === 0 ? 1 : 0;
    return {
      ...base,
      call: (input, ctx) => {
        const args: unknown[] = [];
        args[ctxIndex] = ctx;
        args[inputIndex] = input;
        return fn.apply(instance, args);
      },
    };
  }

  /** `@Scopes`, `@Public` and `@UseGuards` of the class and the method, merged. */
  private accessOf(owner: Function, method: Function): SkillAccess {
    const classScopes = this.reflector.get<string[] | undefined>(SCOPES_METADATA, owner) ?? [];
    const methodScopes = this.reflector.get<string[] | undefined>(SCOPES_METADATA, method) ?? [];
    return {
      scopes: [...new Set([...classScopes, ...methodScopes])],
      public: Boolean(this.reflector.get(PUBLIC_METADATA, method) ?? this.reflector.get(PUBLIC_METADATA, owner)),
      guards: [...(this.reflector.get(GUARDS_METADATA, owner) ?? []), ...(this.reflector.get(GUARDS_METADATA, method) ?? [])],
    };
  }

  private compileTemplate(uriTemplate: string, where: string): UriTemplate {
    try {
      return new UriTemplate(uriTemplate);
    } catch {
      throw new SkillDefinitionError(SkillsMessages.invalidUriTemplate(where, uriTemplate));
    }
  }
}
