import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  validateSync,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { compileDtoCheck } from '../../../libs/skills/src/schema/dto-fast-check';
import { createSkillSchema } from '../../../libs/skills/src/schema/skill-schema.factory';

enum Severity {
  Low = 'low',
  High = 'high',
}

@ValidatorConstraint({ name: 'evenNumber' })
class EvenNumber implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'number' && value % 2 === 0;
  }
}

class BaseQuery {
  @IsString() @Length(1, 20) query: string;
}

class SearchDto extends BaseQuery {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number = 10;
  @IsOptional() @IsEnum(Severity) severity?: Severity;
  @IsOptional() @IsIn(['open', 'closed']) status?: string;
  @IsOptional() @Matches(/^[A-Z]{2,5}-\d+$/) ticket?: string;
  @IsOptional() @IsBoolean() exact?: boolean;
  @IsOptional() @Validate(EvenNumber) page?: number;
  @ValidateIf((dto: SearchDto) => dto.exact === true) @IsString() reason?: string;
}

class Inner {
  @IsString() name: string;
}
class NestedDto {
  @ValidateNested() @Type(() => Inner) inner: Inner;
}
class EachDto {
  @IsString({ each: true }) tags: string[];
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

describe('the compiled DTO pre-check', () => {
  const vouches = compileDtoCheck(SearchDto)!;

  // Every input is judged by class-validator too: the pre-check may only say "valid" when it is.
  const inputs: Array<[string, Record<string, unknown>, boolean]> = [
    ['a minimal valid input (default limit applies)', { query: 'ledger' }, true],
    ['every optional field, valid', { query: 'ledger', limit: 100, severity: 'high', status: 'open', ticket: 'OPS-12', exact: true, reason: 'audit', page: 4 }, true],
    ['a limit out of range', { query: 'ledger', limit: 101 }, false],
    ['a limit of the wrong type', { query: 'ledger', limit: '5' }, false],
    ['a fractional limit', { query: 'ledger', limit: 2.5 }, false],
    ['an explicit null optional', { query: 'ledger', limit: null }, true],
    ['a missing required field', { limit: 5 }, false],
    ['an inherited rule broken', { query: '' }, false],
    ['an unknown key', { query: 'ledger', extra: 1 }, false],
    ['an enum miss', { query: 'ledger', severity: 'urgent' }, false],
    ['a pattern miss', { query: 'ledger', ticket: 'ops-1' }, false],
    ['a custom constraint miss', { query: 'ledger', page: 3 }, false],
    ['ValidateIf on: reason required', { query: 'ledger', exact: true }, false],
    ['ValidateIf off: reason ignored', { query: 'ledger', exact: false, reason: 42 }, true],
  ];

  it.each(inputs)('%s: agrees with class-validator', (_name, input, valid) => {
    const instance = plainToInstance(SearchDto, input);
    expect(validateSync(instance, OPTIONS).length === 0).toBe(valid);
    expect(vouches(instance)).toBe(valid);
  });

  it('gives nested, each and other rule kinds no pre-check: class-validator judges them', () => {
    expect(compileDtoCheck(NestedDto)).toBeUndefined();
    expect(compileDtoCheck(EachDto)).toBeUndefined();
  });

  it('still reports class-validator messages for what the pre-check refuses', async () => {
    const schema = createSkillSchema(SearchDto, 'x');
    expect(await schema.validate({ query: 'ledger', limit: 101 })).toEqual({ ok: false, problems: ['limit: limit must not be greater than 100'] });
    expect(await schema.validate({ query: 'ledger' })).toEqual({ ok: true, value: expect.objectContaining({ query: 'ledger', limit: 10 }) });
  });
});
