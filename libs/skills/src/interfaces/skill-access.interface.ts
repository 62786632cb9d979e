import type { CanActivate, Type } from '@nestjs/common';

/** Who may use a skill, collected from `@Scopes`, `@Public` and `@UseGuards` at bootstrap. */
export interface SkillAccess {
  /** All of these are required (empty: none). */
  readonly scopes: readonly string[];
  readonly public: boolean;
  /** Nest guards from the class and the method, class ones first. */
  readonly guards: ReadonlyArray<Type<CanActivate> | CanActivate>;
}
