import { Matches } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

export class IncidentIdDto {
  @JSONSchema({ description: 'Incident id, e.g. "INC-1001"' })
  @Matches(/^INC-\d{4,}$/, { message: 'id must look like "INC-1001"' })
  id: string;
}
