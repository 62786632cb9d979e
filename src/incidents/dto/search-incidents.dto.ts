import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

export class SearchIncidentsDto {
  @JSONSchema({ description: 'What to look for, e.g. "checkout timeout -staging"' })
  @IsString()
  @Length(2, 200)
  query: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
