import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPgPool } from '@skillnest/pools';
import { Prompt, ResourceTemplate, SkillError, Tool, type SkillContext } from '@skillnest/skills';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { TicketDto } from './dto/ticket.dto';
import { TriageArgsDto } from './dto/triage-args.dto';

interface TicketRow {
  id: string; // bigint: pg returns int8 as a string, since it may exceed 2^53
  title: string;
  priority: 'low' | 'high';
  status: 'open' | 'closed';
  opened_by: string;
  opened_at: Date;
}

/** The answer of every skill here: ids as numbers (ours stay far below 2^53), times as ISO 8601. */
const toTicket = (row: TicketRow): TicketDto => ({
  id: Number(row.id),
  title: row.title,
  priority: row.priority,
  status: row.status,
  openedBy: row.opened_by,
  openedAt: row.opened_at.toISOString(),
});

@Injectable()
export class TicketSkills {
  constructor(@InjectPgPool() private readonly db: Pool) {}

  @Tool({
    name: 'ticket_create',
    description: 'Open a ticket',
    input: CreateTicketDto,
    output: TicketDto,
    annotations: { destructive: false, idempotent: false },
  })
  async create(input: CreateTicketDto, ctx: SkillContext): Promise<TicketDto> {
    const { rows } = await this.db.query<TicketRow>('INSERT INTO tickets (title, priority, opened_by) VALUES ($1, $2, $3) RETURNING *', [
      input.title,
      input.priority ?? 'low',
      ctx.caller.id,
    ]);
    return toTicket(rows[0]);
  }

  @ResourceTemplate({ uriTemplate: 'tickets://{id}', name: 'ticket', description: 'One ticket, as JSON', mimeType: 'application/json' })
  async read({ id }: { id: string }): Promise<TicketDto> {
    return this.find(id);
  }

  @Prompt({ name: 'ticket_triage', description: 'Ask the model to triage a ticket', args: TriageArgsDto })
  async triage({ id }: TriageArgsDto): Promise<string> {
    const ticket = await this.find(id);
    return `Triage ticket ${ticket.id} (${ticket.priority}): "${ticket.title}". Say who should own it and what to check first.`;
  }

  private async find(id: string): Promise<TicketDto> {
    // The id comes from a URI or a prompt argument: a string, checked before it reaches SQL as a bigint.
    const { rows } = /^\d{1,18}$/.test(id) ? await this.db.query<TicketRow>('SELECT * FROM tickets WHERE id = $1', [id]) : { rows: [] };
    if (!rows[0]) throw new SkillError(`No ticket ${id}.`);
    return toTicket(rows[0]);
  }
}
