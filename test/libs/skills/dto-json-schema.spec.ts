import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { z } from 'zod';
import { JSONSchema, SkillDefinitionError } from '@skillnest/skills';
import { createSkillSchema } from '../../../libs/skills/src/schema/skill-schema.factory';
import { dtoToJsonSchema } from '../../../libs/skills/src/schema/dto-json-schema.util';

enum Priority {
  Low = 'low',
  High = 'high',
}

class LabelDto {
  @IsString() @Length(1, 20) key: string;
  @IsString() value: string;
}

class CreateTicketDto {
  @JSONSchema({ description: 'Short summary of the ticket' })
  @IsString()
  @Length(3, 80)
  title: string;

  @IsOptional() @IsInt() @Min(1) @Max(5) points?: number;
  @IsEnum(Priority) priority: Priority;
  @IsIn(['bug', 'task']) kind: string;
  @Matches(/^[A-Z]{2,5}$/) project: string;
  @IsBoolean() urgent: boolean;
  @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => LabelDto) labels: LabelDto[];
  @IsOptional() @ValidateNested() @Type(() => LabelDto) primaryLabel?: LabelDto;
}

class TreeNodeDto {
  @IsString() name: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TreeNodeDto) children?: TreeNodeDto[];
}

class Undecorated {
  name: string;
}

describe('DTO to JSON Schema', () => {
  const schema = dtoToJsonSchema(CreateTicketDto)!;

  it('describes types, lengths, ranges, patterns, enums and descriptions', () => {
    expect(schema.type).toBe('object');
    expect(schema.properties!.title).toEqual({ type: 'string', minLength: 3, maxLength: 80, description: 'Short summary of the ticket' });
    expect(schema.properties!.points).toEqual({ type: 'integer', minimum: 1, maximum: 5 });
    expect(schema.properties!.priority).toEqual({ type: 'string', enum: ['low', 'high'] });
    expect(schema.properties!.kind).toEqual({ type: 'string', enum: ['bug', 'task'] });
    expect(schema.properties!.project).toEqual({ type: 'string', pattern: '^[A-Z]{2,5}$' });
    expect(schema.properties!.urgent).toEqual({ type: 'boolean' });
  });

  it('lists only non-optional fields as required and forbids unknown ones', () => {
    expect([...(schema.required ?? [])].sort()).toEqual(['kind', 'labels', 'priority', 'project', 'title', 'urgent']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('inlines nested DTOs and arrays of DTOs, so the schema needs no $ref', () => {
    const label = {
      type: 'object',
      properties: { key: { type: 'string', minLength: 1, maxLength: 20 }, value: { type: 'string' } },
      required: ['key', 'value'],
      additionalProperties: false,
    };
    expect(schema.properties!.labels).toEqual({ type: 'array', maxItems: 3, items: label });
    expect(schema.properties!.primaryLabel).toEqual(label);
    expect(JSON.stringify(schema)).not.toContain('$ref');
  });

  it('keeps a self-referencing DTO finite with $defs', () => {
    const tree = dtoToJsonSchema(TreeNodeDto)!;
    expect(tree.properties!.children).toEqual({ type: 'array', items: { $ref: '#/$defs/TreeNodeDto' } });
    expect((tree.$defs as Record<string, { properties: object }>).TreeNodeDto.properties).toHaveProperty('children');
  });

  it('refuses a class without class-validator decorators at bootstrap', () => {
    expect(() => createSkillSchema(Undecorated, 'Broken.tool input')).toThrow(SkillDefinitionError);
    expect(() => createSkillSchema(Undecorated, 'Broken.tool input')).toThrow(/Broken\.tool input.*no class-validator decorators/);
  });
});

describe('SkillSchema validation', () => {
  it('validates a DTO and names every failing field, nested ones by path', async () => {
    const compiled = createSkillSchema(CreateTicketDto, 'x');
    const result = await compiled.validate({
      title: 'no',
      priority: 'urgent',
      kind: 'bug',
      project: 'ABC',
      urgent: true,
      labels: [{ key: '', value: 'v' }],
      extra: 1,
    });
    expect(result.ok).toBe(false);
    const problems = (result as { problems: string[] }).problems.join('\n');
    expect(problems).toMatch(/^title: title must be longer than or equal to 3 characters$/m);
    expect(problems).toMatch(/^priority: /m);
    expect(problems).toMatch(/^labels\[0\]\.key: /m);
    expect(problems).toMatch(/^extra: is not a known field$/m);
  });

  it('returns a DTO instance when the input is valid', async () => {
    const result = await createSkillSchema(LabelDto, 'x').validate({ key: 'team', value: 'payments' });
    expect(result).toEqual({ ok: true, value: expect.any(LabelDto) });
  });

  it('builds the instance as class-transformer would: defaults kept, prototype keys skipped, nested @Type DTOs as classes', async () => {
    class PagingDto {
      @IsOptional() @IsInt() @Min(1) limit?: number = 20;
      @IsString() query: string;
      describe(): string {
        return `${this.query}/${this.limit}`;
      }
    }
    const flat = await createSkillSchema(PagingDto, 'x').validate({ query: 'ledger' });
    expect(flat).toEqual({ ok: true, value: expect.any(PagingDto) });
    expect((flat as { value: PagingDto }).value.describe()).toBe('ledger/20');
    // A key that names a method is dropped (as plainToInstance drops it), not copied over it.
    const shadowing = await createSkillSchema(PagingDto, 'x').validate({ query: 'ledger', describe: 'x' });
    expect((shadowing as { value: PagingDto }).value.describe()).toBe('ledger/20');
    const nested = await createSkillSchema(CreateTicketDto, 'x').validate({
      title: 'Disk full',
      priority: 'low',
      kind: 'bug',
      project: 'ABC',
      urgent: false,
      labels: [{ key: 'team', value: 'db' }],
    });
    expect((nested as { value: CreateTicketDto }).value.labels?.[0]).toBeInstanceOf(LabelDto);
  });

  it('accepts a zod schema: JSON Schema from zod, its issues as field problems', async () => {
    const compiled = createSkillSchema(z.object({ city: z.string().min(2).describe('City name'), days: z.number().int().max(7).optional() }), 'x');
    expect(compiled.jsonSchema).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string', minLength: 2, description: 'City name' }, days: { type: 'integer', maximum: 7 } },
      required: ['city'],
    });
    expect(compiled.jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const result = await compiled.validate({ city: 'B', days: 9 });
    expect((result as { problems: string[] }).problems).toEqual([expect.stringMatching(/^city: /), expect.stringMatching(/^days: /)]);
  });

  it('refuses a zod schema that is not an object', () => {
    expect(() => createSkillSchema(z.string(), 'Broken.tool input')).toThrow(/must describe a JSON object/);
  });
});
