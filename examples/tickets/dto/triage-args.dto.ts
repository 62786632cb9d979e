import { IsNumberString } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

/** The argument of the `ticket_triage` prompt (prompt arguments are strings). */
export class TriageArgsDto {
  @JSONSchema({ description: 'Ticket id, e.g. "1"' })
  @IsNumberString()
  id: string;
}
