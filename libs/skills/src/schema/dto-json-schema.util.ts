import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { Type } from '@nestjs/common';
import { classTransformerStorage } from './class-transformer-storage';
import type { JsonSchemaObject } from './skill-schema.interface';

const REF_PREFIX = '#/$defs/';

let cachedSchemas: Record<string, JsonSchemaObject> | undefined;
let cachedMetadataCount = -1;

/**
 * Every DTO's JSON Schema, keyed by class name, from class-validator's metadata (converted by
 * class-validator-jsonschema). Recomputed only when new DTO metadata appeared, so a bootstrap
 * with hundreds of tools converts the metadata once.
 */
function allDtoSchemas(): Record<string, JsonSchemaObject> {
  // The storage has no public size; its grouped metadata map is the cheapest change signal.
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown[]> };
  const count = [...storage.validationMetadatas.values()].reduce((sum, list) => sum + list.length, 0);
  if (!cachedSchemas || count !== cachedMetadataCount) {
    cachedSchemas = validationMetadatasToSchemas({
      // The converter types the store as its own MetadataStorage class; the object is that store.
      classTransformerMetadataStorage: classTransformerStorage as never,
      refPointerPrefix: REF_PREFIX,
    }) as Record<string, JsonSchemaObject>;
    cachedMetadataCount = count;
  }
  return cachedSchemas;
}

/**
 * The JSON Schema of a class-validator DTO, self-contained: nested DTOs are inlined (LLM clients
 * read inline schemas best), except a DTO that contains itself, which stays a `$ref` into `$defs`.
 * Objects get `additionalProperties: false` because validation forbids unknown properties.
 * Returns undefined when the class carries no class-validator decorators.
 */
export function dtoToJsonSchema(dto: Type<object>): JsonSchemaObject | undefined {
  const schemas = allDtoSchemas();
  if (!schemas[dto.name]) return undefined;
  const defs: Record<string, JsonSchemaObject> = {};

  const resolve = (node: unknown, stack: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, stack));
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      const name = ref.slice(REF_PREFIX.length);
      if (stack.includes(name)) {
        if (!(name in defs)) {
          defs[name] = {}; // reserve the slot first: the body below refers to itself and must stop here
          defs[name] = resolve(schemas[name], [name]) as JsonSchemaObject;
        }
        return { $ref: ref };
      }
      return resolve(schemas[name] ?? { type: 'object' }, [...stack, name]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) out[key] = resolve(value, stack);
    if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };

  const root = resolve(schemas[dto.name], [dto.name]) as JsonSchemaObject;
  if (!root.properties) root.properties = {};
  return Object.keys(defs).length > 0 ? { ...root, $defs: defs } : root;
}
