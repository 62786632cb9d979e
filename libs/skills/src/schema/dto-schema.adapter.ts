import { getMetadataStorage, validate, validateSync, type ValidationError } from 'class-validator';
import type { Type } from '@nestjs/common';
import { SkillDefinitionError } from '../errors/skill-definition.error';
import { SkillsMessages } from '../skills.messages';
import { compileDtoCheck } from './dto-fast-check';
import { dtoInstanceFactory } from './dto-instance.factory';
import { dtoToJsonSchema } from './dto-json-schema.util';
import { applyNestedShapeRules } from './nested-shape.rules';
import type { SchemaValidation, SkillSchema } from './skill-schema.interface';
import { describeValidationErrors } from './validation-problems.util';

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

let asyncConstraints: boolean | undefined;

/**
 * Whether any custom constraint of the app validates asynchronously. Almost none do, and then the
 * synchronous validator gives the same answer without a promise per field on every call.
 */
function anyAsyncConstraint(): boolean {
  if (asyncConstraints === undefined) {
    const storage = getMetadataStorage() as unknown as { constraintMetadatas: Map<unknown, Array<{ async: boolean }>> };
    asyncConstraints = [...storage.constraintMetadatas.values()].some((list) => list.some((constraint) => constraint.async));
  }
  return asyncConstraints;
}

/** A `SkillSchema` over a class-validator DTO: JSON Schema from its decorators, validation by class-validator. */
export function createDtoSchema(dto: Type<object>, where: string): SkillSchema {
  // Before the JSON Schema is derived, so that the schema and the validation see the same rules.
  applyNestedShapeRules(dto);
  const jsonSchema = dtoToJsonSchema(dto);
  if (!jsonSchema) throw new SkillDefinitionError(SkillsMessages.notADto(where));
  const toInstance = dtoInstanceFactory(dto, Object.keys((jsonSchema.properties as object | undefined) ?? {}));
  const vouches = compileDtoCheck(dto);
  return {
    jsonSchema,
    validate(value: unknown): SchemaValidation | Promise<SchemaValidation> {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { ok: false, problems: ['(root): must be a JSON object'] };
      }
      const instance = toInstance(value);
      if (vouches?.(instance)) return { ok: true, value: instance };
      const verdict = (errors: ValidationError[]): SchemaValidation =>
        errors.length === 0 ? { ok: true, value: instance } : { ok: false, problems: describeValidationErrors(errors) };
      return anyAsyncConstraint() ? validate(instance, VALIDATOR_OPTIONS).then(verdict) : verdict(validateSync(instance, VALIDATOR_OPTIONS));
    },
  };
}
