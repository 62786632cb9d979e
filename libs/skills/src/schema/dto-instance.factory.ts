import { plainToInstance } from 'class-transformer';
import type { Type } from '@nestjs/common';
import { classTransformerStorage } from './class-transformer-storage';

const PLAIN_TO_CLASS = 0;

/**
 * How a validated call turns its JSON arguments into an instance of the DTO. Most DTOs are flat and
 * carry no class-transformer decorators; for them `plainToInstance` does nothing but construct the
 * class and copy the keys, yet walks its metadata for every key on every call (a visible share of
 * a fast `tools/call`). Those DTOs get that same copy done directly, decided once at bootstrap;
 * any DTO with `@Type`, `@Transform`, `@Expose` or `@Exclude` keeps `plainToInstance`.
 */
export function dtoInstanceFactory(dto: Type<object>, properties: readonly string[]): (plain: object) => object {
  const decorated =
    classTransformerStorage.getStrategy(dto) !== 'none' ||
    classTransformerStorage.getExposedMetadatas(dto).length > 0 ||
    classTransformerStorage.getExcludedMetadatas(dto).length > 0 ||
    properties.some(
      (property) =>
        classTransformerStorage.findTypeMetadata(dto, property) !== undefined || classTransformerStorage.findTransformMetadatas(dto, property, PLAIN_TO_CLASS).length > 0,
    );
  if (decorated) return (plain) => plainToInstance(dto, plain);
  const prototype = dto.prototype as Record<string, unknown>;
  return (plain) => {
    const instance = new dto() as Record<string, unknown>;
    const source = plain as Record<string, unknown>;
    for (const key of Object.keys(source)) {
      // What plainToInstance skips too: prototype keys, methods, and the prototype's own
      // properties that have no setter.
      if (key === '__proto__' || key === 'constructor' || typeof instance[key] === 'function' || definedWithoutSetter(prototype, key)) continue;
      instance[key] = source[key];
    }
    return instance;
  };
}

function definedWithoutSetter(prototype: object, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
  return descriptor !== undefined && descriptor.set === undefined;
}
