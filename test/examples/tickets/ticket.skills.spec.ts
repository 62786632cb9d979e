import { startSkillsHarness, type SkillsHarness } from '@skillnest/testing';
import { TicketsModule } from '../../../examples/tickets/tickets.module';

describe('ticket skills', () => {
  let skills: SkillsHarness;

  beforeAll(async () => {
    skills = await startSkillsHarness({
      imports: [TicketsModule],
      callers: { alice: ['tickets:write'] },
      database: { migrationsDir: 'examples/tickets/migrations' },
    });
  });
  afterAll(() => skills?.close());

  it.each(['modern', 'legacy'] as const)('creates a ticket and reads it back (%s client)', async (era) => {
    const client = await skills.client({ era, as: 'alice' });
    const created = await client.callTool({ name: 'ticket_create', arguments: { title: 'Checkout returns 502', priority: 'high' } });
    expect(created.structuredContent).toMatchObject({ title: 'Checkout returns 502', priority: 'high', openedBy: 'static:alice' });

    const { id } = created.structuredContent as { id: number };
    const read = await client.readResource({ uri: `tickets://${id}` });
    expect(read.contents[0]).toMatchObject({ mimeType: 'application/json' });
    expect(await skills.database!.query('SELECT title FROM tickets WHERE id = $1', [id])).toEqual([{ title: 'Checkout returns 502' }]);
  });
});
