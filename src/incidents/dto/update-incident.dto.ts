import { IsIn, IsString, Length, Matches } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';
import { INCIDENT_STATUSES, type IncidentStatus } from '../incident.interface';

export class UpdateIncidentDto {
  @JSONSchema({ description: 'Incident id, e.g. "INC-1001"' })
  @Matches(/^INC-\d{4,}$/, { message: 'id must look like "INC-1001"' })
  id: string;

  @IsIn(INCIDENT_STATUSES)
  status: IncidentStatus;

  @JSONSchema({ description: 'What changed: mitigation applied, cause found, customer update sent' })
  @IsString()
  @Length(1, 2000)
  note: string;
}
