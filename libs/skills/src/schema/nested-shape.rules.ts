import 'reflect-metadata';
import { getMetadataStorage, IsArray, IsObject, ValidationTypes, type ValidationOptions } from 'class-validator';
import { classTransformerStorage } from './class-transformer-storage';

/** The parts of class-validator's metadata this reads (its storage is typed loosely). */
interface MetadataView {
  type: string;
  name?: string;
  target: Function | string;
  propertyName: string;
  each?: boolean;
  groups?: string[];
  always?: boolean;
}
interface StorageView {
  getTargetValidationMetadatas(target: Function, schema: string, always: boolean, strictGroups: boolean): MetadataView[];
}
interface TypeMetadataView {
  reflectedType?: unknown;
  typeFunction?: () => unknown;
}

/** Nested metadata already given its shape rules (a parent's is shared by its subclasses). */
const shaped = new WeakSet<object>();
const visited = new WeakSet<Function>();

/** A class a nested DTO can be: not a built-in container or value type. */
const isDtoClass = (value: unknown): value is Function => typeof value === 'function' && ![Object, Array, Map, Set, String, Number, Boolean, Date].includes(value as never);

/**
 * `@ValidateNested` validates whatever it is given, and takes an array as a list of nested values
 * whether one value or a list was declared: `impact: []` passed where the JSON Schema says an
 * object with required fields, `[[{...}]]` where it says a list of objects, and an object where it
 * says a list (without `@IsArray`). This gives every `@ValidateNested` property of the DTO, and of
 * the DTOs nested in it, the shape its JSON Schema declares: `@IsObject` for one nested DTO;
 * `@IsArray` and `@IsObject({ each: true })` for a list (`each: true`, or a property typed as an
 * array). A rule the DTO already has is not added twice. Maps and Sets are left as they are.
 */
export function applyNestedShapeRules(dto: Function): void {
  if (visited.has(dto)) return;
  visited.add(dto);
  const metadatas = (getMetadataStorage() as unknown as StorageView).getTargetValidationMetadatas(dto, '', true, false);
  for (const nested of metadatas) {
    if (nested.type !== ValidationTypes.NESTED_VALIDATION || typeof nested.target !== 'function') continue;
    const typeMeta = classTransformerStorage.findTypeMetadata(nested.target, nested.propertyName) as TypeMetadataView | undefined;
    const declared = typeMeta?.reflectedType ?? Reflect.getMetadata('design:type', nested.target.prototype, nested.propertyName);
    if (!shaped.has(nested) && declared !== Map && declared !== Set) {
      shaped.add(nested);
      addShapeRules(nested, metadatas, declared === Array);
    }
    const child = typeMeta?.typeFunction?.() ?? declared;
    if (isDtoClass(child)) applyNestedShapeRules(child);
  }
}

function addShapeRules(nested: MetadataView, metadatas: MetadataView[], typedAsArray: boolean): void {
  const target = (nested.target as Function).prototype as object;
  const property = nested.propertyName;
  const has = (name: string, each: boolean) => metadatas.some((rule) => rule.propertyName === property && rule.name === name && Boolean(rule.each) === each);
  // The rules apply when the nested validation does (same groups).
  const options: ValidationOptions = { ...(nested.groups?.length ? { groups: nested.groups } : {}), ...(nested.always !== undefined ? { always: nested.always } : {}) };
  if (nested.each || typedAsArray) {
    if (!has('isArray', false)) IsArray(options)(target, property);
    if (!has('isObject', true)) IsObject({ ...options, each: true })(target, property);
    // A list declared without `each` is still a list: say so, so that its JSON Schema is an array
    // of the nested DTO and not the DTO itself (class-validator's nested check ignores `each`).
    nested.each = true;
  } else if (!has('isObject', false)) {
    IsObject(options)(target, property);
  }
}
