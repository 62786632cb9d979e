import type { SkillSchemaSource } from '../interfaces/skill-options.interface';
import { createDtoSchema } from './dto-schema.adapter';
import { createStandardSchema } from './standard-schema.adapter';
import type { SkillSchema } from './skill-schema.interface';

/** Compiles a DTO class or a Standard Schema into a `SkillSchema`; `where` names the skill in errors. */
export function createSkillSchema(source: SkillSchemaSource, where: string): SkillSchema {
  return typeof source === 'function' ? createDtoSchema(source, where) : createStandardSchema(source, where);
}

/** The schema of a tool that declares no input: an empty object, nothing else accepted. */
export const EMPTY_INPUT_SCHEMA: SkillSchema = {
  jsonSchema: { type: 'object', properties: {}, additionalProperties: false },
  validate(value) {
    if (value === undefined || value === null) return { ok: true, value: {} };
    if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, problems: ['(root): must be a JSON object'] };
    const extra = Object.keys(value);
    return extra.length === 0 ? { ok: true, value } : { ok: false, problems: extra.map((key) => `${key}: is not a known field`) };
  },
};
