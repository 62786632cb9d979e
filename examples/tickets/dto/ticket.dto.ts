import { IsIn, IsInt, IsISO8601, IsString } from 'class-validator';

/** A ticket as the tools answer it: their `outputSchema`, checked on every answer. */
export class TicketDto {
  @IsInt() id: number;
  @IsString() title: string;
  @IsIn(['low', 'high']) priority: 'low' | 'high';
  @IsIn(['open', 'closed']) status: 'open' | 'closed';
  @IsString() openedBy: string;
  @IsISO8601() openedAt: string;
}
