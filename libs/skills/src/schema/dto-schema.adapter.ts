import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Type } from '@nestjs/common';
import { SkillDefinitionError } from '../errors/skill-definition.error';
import { SkillsMessages } from '../skills.messages';
import { dtoToJsonSchema } from './dto-json-schema.util';
import type { SchemaValidation, SkillSchema } from './skill-schema.interface';
import { describeValidationErrors } from './validation-problems.util';

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** A `SkillSchema` over a class-validator DTO: JSON Schema from its decorators, validation by class-validator. */
export function createDtoSchema(dto: Type<object>, where: string): SkillSchema {
  const jsonSchema = dtoToJsonSchema(dto);
  if (!jsonSchema) throw new SkillDefinitionError(SkillsMessages.notADto(where));
  return {
    jsonSchema,
    async validate(value: unknown): Promise<SchemaValidation> {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { ok: false, problems: ['(root): must be a JSON object'] };
      }
      const instance = plainToInstance(dto, value);
      const errors = await validate(instance, VALIDATOR_OPTIONS);
      return errors.length === 0 ? { ok: true, value: instance } : { ok: false, problems: describeValidationErrors(errors) };
    },
  };
}
