import { getMetadataStorage } from 'class-validator';
import type { Type } from '@nestjs/common';
import { isThenable } from '../invoker/maybe-promise';

/** The parts of class-validator's metadata this reads (its storage is typed loosely). */
interface ValidationMetadataView {
  type: string;
  propertyName: string;
  constraints: unknown[];
  constraintCls: Function;
  each?: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
}
interface ConstraintView {
  async: boolean;
  readonly instance: { validate(value: unknown, args: unknown): unknown };
}
interface StorageView {
  getTargetValidationMetadatas(target: Function, schema: string | undefined, always: boolean, strictGroups: boolean, groups?: string[]): ValidationMetadataView[];
  getTargetValidatorConstraints(target: Function): ConstraintView[];
}

/** The metadata kinds the check mirrors; a DTO using any other keeps plain class-validator. */
const CUSTOM = 'customValidation';
const CONDITIONAL = 'conditionalValidation';
const WHITELIST = 'whitelistValidation';

interface PropertyCheck {
  property: string;
  conditions: ValidationMetadataView[];
  rules: Array<{ metadata: ValidationMetadataView; constraints: ConstraintView[] }>;
}

/**
 * A yes-only pre-check of a DTO instance, compiled once at bootstrap from class-validator's own
 * metadata, for `validateSync(instance, { whitelist, forbidNonWhitelisted, forbidUnknownValues })`.
 *
 * class-validator re-derives a DTO's metadata (filtering every registered rule, walking the class
 * hierarchy) and builds an error object per property on every call, which is most of its cost on a
 * small input. This runs the very same constraint functions, with the same arguments and in the
 * same order, over metadata gathered once. It only ever says "valid": when it cannot vouch for an
 * input (a failed rule, an unknown key, a promise), it returns false and the caller runs
 * class-validator, which stays the authority and writes the messages. DTOs with nested, `each`,
 * `@IsDefined`, promise or async rules get no pre-check at all (undefined).
 */
export function compileDtoCheck(dto: Type<object>): ((instance: object) => boolean) | undefined {
  const storage = getMetadataStorage() as unknown as StorageView;
  // The arguments class-validator's executor passes for these options: no schema, always false,
  // strictGroups false, no groups.
  const metadatas = storage.getTargetValidationMetadatas(dto, undefined, false, false, undefined);
  if (metadatas.length === 0) return undefined;
  const byProperty = new Map<string, PropertyCheck>();
  for (const metadata of metadatas) {
    if ((metadata.type !== CUSTOM && metadata.type !== CONDITIONAL && metadata.type !== WHITELIST) || metadata.each) return undefined;
    let entry = byProperty.get(metadata.propertyName);
    if (!entry) byProperty.set(metadata.propertyName, (entry = { property: metadata.propertyName, conditions: [], rules: [] }));
    if (metadata.type === CONDITIONAL) entry.conditions.push(metadata);
    if (metadata.type === CUSTOM) {
      const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.some((constraint) => constraint.async)) return undefined;
      entry.rules.push({ metadata, constraints });
    }
  }
  const known = new Set(byProperty.keys());
  const properties = [...byProperty.values()];
  return (object) => {
    // forbidNonWhitelisted: every own key must carry a rule.
    for (const key of Object.keys(object)) if (!known.has(key)) return false;
    const record = object as Record<string, unknown>;
    for (const { property, conditions, rules } of properties) {
      const value = record[property];
      // @IsOptional / @ValidateIf: class-validator evaluates every condition, then skips on any false.
      let validate = true;
      for (const condition of conditions) validate = (condition.constraints[0] as (o: object, v: unknown) => boolean)(object, value) && validate;
      if (!validate) continue;
      for (const { metadata, constraints } of rules) {
        if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
        for (const constraint of constraints) {
          const args = { targetName: object.constructor ? object.constructor.name : undefined, property: metadata.propertyName, object, value, constraints: metadata.constraints };
          const verdict = constraint.instance.validate(value, args);
          if (!verdict || isThenable(verdict)) return false;
        }
      }
    }
    return true;
  };
}
