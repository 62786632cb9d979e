import 'reflect-metadata';

const CTX_PARAMETER = Symbol('skillnest:ctx-parameter');

/**
 * Marks the parameter of a skill method that receives the `SkillContext`. Without it the
 * context is the second parameter, after the input.
 *
 * @example
 * ```ts
 * @Tool({ description: 'Who am I?' })
 * whoami(@Ctx() ctx: SkillContext) { return ctx.caller.id; }
 * ```
 */
export function Ctx(): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) Reflect.defineMetadata(CTX_PARAMETER, index, target, propertyKey);
  };
}

/** The index of the `@Ctx()` parameter of `method`, if it has one. */
export function ctxParameterIndex(prototype: object, method: string): number | undefined {
  return Reflect.getMetadata(CTX_PARAMETER, prototype, method) as number | undefined;
}
