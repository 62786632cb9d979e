import { Module } from '@nestjs/common';
import { TicketSkills } from './ticket.skills';

/** The guide's module: add it to the `imports` of the app's `AppModule`. */
@Module({ providers: [TicketSkills] })
export class TicketsModule {}
