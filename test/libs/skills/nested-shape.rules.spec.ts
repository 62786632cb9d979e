import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { createSkillSchema } from '../../../libs/skills/src/schema/skill-schema.factory';

class PartDto {
  @IsString() name: string;
}

class DeclaredDto {
  @IsObject() @ValidateNested() @Type(() => PartDto) one: PartDto;
  @IsArray() @ValidateNested({ each: true }) @Type(() => PartDto) many: PartDto[];
}

class BareDto {
  @ValidateNested() @Type(() => PartDto) one: PartDto;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => PartDto) many?: PartDto[];
}

class ChildDto extends BareDto {
  @IsString() extra: string;
}

const problemsOf = async (dto: Function, value: unknown) => {
  const verdict = await createSkillSchema(dto as never, 'spec').validate(value);
  return verdict.ok ? [] : verdict.problems;
};

/** The object/array shape every @ValidateNested property gets, so validation refuses what its JSON Schema does. */
describe('nested shape rules', () => {
  it('adds no second rule where the DTO declares the shape itself', async () => {
    expect(await problemsOf(DeclaredDto, { one: [], many: { name: 'x' } })).toEqual(['one: one must be an object', 'many: many must be an array']);
  });

  it('gives bare nested properties the shape their JSON Schema says, also in a subclass', async () => {
    expect(await problemsOf(BareDto, { one: [] })).toEqual(['one: one must be an object']);
    expect(await problemsOf(ChildDto, { one: [], extra: 'e', many: [[{ name: 'x' }]] })).toEqual(['one: one must be an object', 'many: each value in many must be an object']);
    expect(await problemsOf(ChildDto, { one: { name: 'a' }, extra: 'e', many: [{ name: 'b' }] })).toEqual([]);
  });

  it('leaves the JSON Schema as it was: an object, and an array of objects', () => {
    const { properties } = createSkillSchema(BareDto, 'spec').jsonSchema;
    expect(properties!.one).toMatchObject({ type: 'object', required: ['name'] });
    expect(properties!.many).toMatchObject({ type: 'array', items: { type: 'object', required: ['name'] } });
  });
});
