import { Injectable, type CanActivate, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA } from '@nestjs/common/constants';
import { ModuleRef } from '@nestjs/core';
import { ExternalContextCreator } from '@nestjs/core/helpers/external-context-creator';
import type { SkillCaller, SkillContext, SkillDefinition } from '@skillnest/skills';
import { originOf, type SkillCallHeaders } from '@skillnest/skills/internal';
import { skillExecutionContext, type SkillRequest } from './skill-execution.context';
import { GatewaySkills } from '../mcp/gateway-skills';
import { firstValue } from './first-value.util';

type GuardRef = Type<CanActivate> | CanActivate;
const SKILL_ARGS_METADATA = 'skillnest:skill-args';
// Param types of the skill's two parameters for Nest's pipes: the input is a body (so
// ValidationPipe and transform pipes treat it as a controller's `@Body()`), the context is not.
const INPUT_PARAM = 3; // RouteParamtypes.BODY
const CONTEXT_PARAM = 100;

const hasMetadata = (key: string, ...targets: Function[]) => targets.some((target) => (Reflect.getMetadata(key, target) ?? []).length > 0);

/**
 * A skill's own Nest enhancers, as on a controller method: `@UseGuards` decide access (for
 * calls and for lists), `@UseInterceptors`, `@UsePipes` and `@UseFilters` wrap its invocation
 * through Nest's `ExternalContextCreator` (as `@nestjs/microservices` and `@nestjs/graphql`
 * do), in an execution context of type `mcp`. All of it is resolved once at bootstrap; a
 * skill without enhancers keeps its plain handler and pays nothing for this.
 */
@Injectable()
export class SkillEnhancers implements OnApplicationBootstrap {
  private readonly guards = new Map<GuardRef, CanActivate>();
  private readonly wrapped = new WeakMap<SkillDefinition, SkillDefinition>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly contexts: ExternalContextCreator,
    private readonly skills: GatewaySkills,
  ) {}

  /** Once the explorer has filled the registry: every skill of the gateway's view, completions included. */
  async onApplicationBootstrap(): Promise<void> {
    await this.prepare([...this.skills.all(), ...this.skills.completions()]);
  }

  /** Resolves guard instances and wraps the handlers that have interceptors, pipes or filters. */
  async prepare(skills: SkillDefinition[]): Promise<void> {
    for (const skill of skills) {
      for (const guard of skill.handler.access.guards) if (!this.guards.has(guard)) this.guards.set(guard, await this.instanceOf(guard));
      if (!this.wrapped.has(skill) && this.needsWrapping(skill)) this.wrapped.set(skill, this.wrap(skill));
    }
  }

  /** The definition to invoke: the skill itself, or the same skill with its enhancers around it. */
  enhanced<T extends SkillDefinition>(skill: T): T {
    return (this.wrapped.get(skill) as T | undefined) ?? skill;
  }

  /** Whether every guard lets the caller through; a guard that throws says no. */
  async allows(skill: SkillDefinition, caller: SkillCaller, headers: SkillCallHeaders): Promise<boolean> {
    const context = skillExecutionContext(skill, { user: caller, caller, headers, skill: { kind: skill.kind, name: skill.name } });
    for (const guard of skill.handler.access.guards) {
      const instance = this.guards.get(guard);
      if (!instance) return false;
      try {
        const verdict = await Promise.resolve(instance.canActivate(context));
        const allowed = typeof verdict === 'object' && verdict !== null && 'subscribe' in verdict ? await firstValue(verdict) : verdict;
        if (!allowed) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  private needsWrapping(skill: SkillDefinition): boolean {
    const { providerClass, method, instance, methodName } = skill.handler;
    if (!instance || !methodName) return false;
    return [INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA].some((key) => hasMetadata(key, providerClass, method));
  }

  private wrap<T extends SkillDefinition>(skill: T): T {
    const { instance, methodName, method, ctxIndex = 1 } = skill.handler;
    const target = instance as Record<string, unknown>;
    // The context's arguments are [SkillRequest, SkillContext, input], as guards see them (argument 0
    // is the request); the method's own parameters are rebuilt from them at their indexes.
    Reflect.defineMetadata(
      SKILL_ARGS_METADATA,
      { [`${INPUT_PARAM}:${ctxIndex === 0 ? 1 : 0}`]: { index: ctxIndex === 0 ? 1 : 0 }, [`${CONTEXT_PARAM}:${ctxIndex}`]: { index: ctxIndex } },
      target.constructor,
      methodName!,
    );
    const paramsFactory = { exchangeKeyForValue: (type: number, _data: unknown, args: unknown[]) => (type === INPUT_PARAM ? args[2] : args[1]) };
    const run = this.contexts.create(
      target,
      method as (...args: unknown[]) => unknown,
      methodName!,
      SKILL_ARGS_METADATA,
      paramsFactory,
      undefined,
      undefined,
      { guards: false, interceptors: true, filters: true },
      'mcp',
    );
    const call = (input: unknown, ctx: SkillContext) => {
      const request: SkillRequest = {
        user: ctx.caller,
        caller: ctx.caller,
        headers: originOf(ctx)?.headers ?? {},
        skill: { kind: skill.kind, name: skill.name },
        input,
        ctx,
      };
      return run(request, ctx, input);
    };
    return { ...skill, handler: { ...skill.handler, call } };
  }

  private async instanceOf(guard: GuardRef): Promise<CanActivate> {
    if (typeof guard !== 'function') return guard;
    try {
      return this.moduleRef.get(guard, { strict: false });
    } catch {
      return (await this.moduleRef.create(guard)) as CanActivate;
    }
  }
}
