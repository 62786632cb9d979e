import type { CanActivate, Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { SkillCaller, SkillDefinition } from '@skillnest/skills';

type GuardRef = Type<CanActivate> | CanActivate;

/**
 * Runs the ordinary Nest guards of a skill (`@UseGuards` on its class or method). Guards see an
 * HTTP execution context whose request carries the principal as `user`, the same object Nest
 * guards on Fastify controllers get from the gateway's bearer hook, plus the skill's class and
 * method, so `Reflector`-based guards work unchanged. Guard classes are resolved once.
 */
export class SkillGuardRunner {
  private readonly instances = new Map<GuardRef, CanActivate>();

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Resolves every guard class once, at bootstrap. */
  async prepare(skills: SkillDefinition[]): Promise<void> {
    for (const guard of skills.flatMap((skill) => skill.handler.access.guards)) {
      if (this.instances.has(guard)) continue;
      if (typeof guard !== 'function') {
        this.instances.set(guard, guard);
        continue;
      }
      let instance: CanActivate;
      try {
        instance = this.moduleRef.get(guard, { strict: false });
      } catch {
        instance = (await this.moduleRef.create(guard)) as CanActivate;
      }
      this.instances.set(guard, instance);
    }
  }

  /** Whether every guard of the skill lets the caller through; a throwing guard says no. */
  async allows(skill: SkillDefinition, caller: SkillCaller, headers: Record<string, string> = {}): Promise<boolean> {
    const guards = skill.handler.access.guards;
    if (guards.length === 0) return true;
    const request = { user: caller, headers, skill: { kind: skill.kind, name: skill.name } };
    const context = new ExecutionContextHost([request, {}], skill.handler.providerClass as Type<unknown>, skill.handler.method as (...args: unknown[]) => unknown);
    context.setType('http');
    for (const guard of guards) {
      const instance = this.instances.get(guard);
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
}

function firstValue(observable: { subscribe(observer: { next(value: unknown): void; error(error: unknown): void; complete(): void }): unknown }): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    observable.subscribe({
      next: (value) => {
        if (!settled) resolve((settled = true) && Boolean(value));
      },
      error: () => !settled && resolve(false),
      complete: () => !settled && resolve(false),
    });
  });
}
