import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

/** What `ticket_create` accepts: the validation and the JSON Schema clients see. */
export class CreateTicketDto {
  @JSONSchema({ description: 'One line saying what is broken' })
  @IsString()
  @Length(5, 120)
  title: string;

  @JSONSchema({ description: 'How urgent it is (default "low")' })
  @IsOptional()
  @IsIn(['low', 'high'])
  priority?: 'low' | 'high';
}
