import type { StandardSchemaV1 } from '@modelcontextprotocol/server';
import { SkillDefinitionError } from '../errors/skill-definition.error';
import { isThenable } from '../invoker/maybe-promise';
import { SkillsMessages } from '../skills.messages';
import type { JsonSchemaObject, SchemaValidation, SkillSchema } from './skill-schema.interface';

/** The Standard JSON Schema extension (`~standard.jsonSchema`), implemented by zod 4 and ArkType. */
type WithJsonSchema = StandardSchemaV1 & {
  '~standard': { jsonSchema?: { input(options: { target: string }): Record<string, unknown> } };
};

/** A `SkillSchema` over any Standard Schema that can export JSON Schema (zod 4, ArkType, ...). */
export function createStandardSchema(schema: StandardSchemaV1, where: string): SkillSchema {
  const exporter = (schema as WithJsonSchema)['~standard'].jsonSchema;
  if (!exporter) throw new SkillDefinitionError(SkillsMessages.schemaWithoutJsonSchema(where));
  // Kept whole, `$schema` included: 2020-12 keywords (`$defs`, `$anchor`, `if`/`then`) must reach
  // clients exactly as written (SEP-1613, SEP-2106).
  const jsonSchema = exporter.input({ target: 'draft-2020-12' }) as JsonSchemaObject;
  if (jsonSchema.type !== 'object') throw new SkillDefinitionError(SkillsMessages.schemaNotObject(where));
  return {
    jsonSchema,
    validate(value: unknown): SchemaValidation | Promise<SchemaValidation> {
      // Standard Schema validates synchronously unless the schema has async parts (zod's refine).
      const result = schema['~standard'].validate(value);
      return isThenable(result) ? Promise.resolve(result).then(standardVerdict) : standardVerdict(result);
    },
  };
}

function standardVerdict(result: StandardSchemaV1.Result<unknown>): SchemaValidation {
  if (!result.issues) return { ok: true, value: result.value };
  return {
    ok: false,
    problems: result.issues.map((issue) => {
      const path = (issue.path ?? [])
        .map((segment) => (typeof segment === 'object' ? segment.key : segment))
        .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
        .join('');
      return `${path || '(root)'}: ${issue.message}`;
    }),
  };
}
