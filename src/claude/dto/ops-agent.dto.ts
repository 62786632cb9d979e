import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

export class OpsAgentDto {
  @JSONSchema({ description: 'The task in plain words, e.g. "Which tier-1 services does the open ledger incident put at risk?"' })
  @IsString()
  @Length(3, 4000)
  task: string;

  @JSONSchema({ description: 'Let the agent use tools that change things (open or update incidents). Default false: read-only tools only.' })
  @IsOptional()
  @IsBoolean()
  allowChanges?: boolean;
}
