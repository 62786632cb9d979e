import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';
import { INCIDENT_STATUSES, type IncidentStatus } from '../incident.interface';

export class ListIncidentsDto {
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,60}$/, { message: 'service must be a catalog service name' })
  service?: string;

  @JSONSchema({ description: 'Most recent first; default 20' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
