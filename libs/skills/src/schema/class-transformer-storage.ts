/**
 * class-transformer's metadata store (`@Type`, `@Transform`, `@Expose`, `@Exclude`): the JSON
 * Schema converter needs it to describe nested DTOs, the instance factory to know which DTOs it
 * may copy by hand. It is not part of the package's typed exports.
 */
export interface ClassTransformerStorage {
  getStrategy(target: Function): string;
  getExposedMetadatas(target: Function): unknown[];
  getExcludedMetadatas(target: Function): unknown[];
  findTypeMetadata(target: Function, property: string): unknown;
  findTransformMetadatas(target: Function, property: string, transformationType: number): unknown[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const classTransformerStorage: ClassTransformerStorage = require('class-transformer/cjs/storage').defaultMetadataStorage;
