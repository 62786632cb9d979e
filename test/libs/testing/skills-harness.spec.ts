import { Injectable, Module } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { Tool, type SkillContext } from '@skillnest/skills';
import { DEFAULT_TEST_PG_ADMIN_URL, SkillnestTestingError, startSkillsHarness, type SkillsHarness } from '@skillnest/testing';
import { TicketsModule } from '../../../examples/tickets/tickets.module';
import { ScopedSkillsModule } from '../../fixtures/scoped-skills.module';
import { callToolOverHttp } from '../../support/mcp-http';

@Injectable()
class Greeter {
  greet(name: string): string {
    return `Hello, ${name}`;
  }
}

@Injectable()
class GreetingSkills {
  constructor(private readonly greeter: Greeter) {}

  @Tool({ name: 'greet', description: 'Greets the caller' })
  greet(_input: unknown, ctx: SkillContext): string {
    return this.greeter.greet(ctx.caller.id);
  }
}

@Module({ providers: [Greeter, GreetingSkills] })
class GreetingModule {}

/** Whether the server has a database of that name, asked as the admin user. */
async function databaseExists(name: string): Promise<boolean> {
  const admin = new PgClient({ connectionString: process.env.TEST_PG_ADMIN_URL || DEFAULT_TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    return (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

describe('startSkillsHarness', () => {
  describe('with callers declared', () => {
    let skills: SkillsHarness;

    beforeAll(async () => {
      skills = await startSkillsHarness({ imports: [ScopedSkillsModule], callers: { reader: ['incidents:read'], writer: ['incidents:read', 'incidents:write'] } });
    });
    afterAll(async () => skills?.close());

    describe.each(['modern', 'legacy'] as const)('a %s client', (era) => {
      it('speaks the era asked for, on the real gateway over loopback HTTP', async () => {
        const client = await skills.client({ era, as: 'reader' });
        expect(client.getProtocolEra()).toBe(era);
        expect(skills.url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      });

      it('sees only the tools its scopes allow, and calls them as its caller', async () => {
        const reader = await skills.client({ era, as: 'reader' });
        const writer = await skills.client({ era, as: 'writer' });
        const names = async (client: typeof reader) => (await client.listTools()).tools.map((tool) => tool.name);
        expect(await names(reader)).toEqual(expect.arrayContaining(['scoped_read', 'scoped_public']));
        expect(await names(reader)).not.toContain('scoped_write');
        expect(await names(writer)).toEqual(expect.arrayContaining(['scoped_read', 'scoped_write']));
        expect(await reader.callTool({ name: 'scoped_read', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'read by static:reader' }] });
        expect(await writer.callTool({ name: 'scoped_write', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'written by static:writer' }] });
      });

      it('is refused a tool that needs a scope its caller lacks (403 insufficient_scope), as in production', async () => {
        const reader = await skills.client({ era, as: 'reader' });
        await expect(reader.callTool({ name: 'scoped_write', arguments: {} })).rejects.toThrow('Insufficient scope: required "incidents:read incidents:write"');
      });
    });

    it('connects no client without a caller: the gateway answers 401', async () => {
      await expect(skills.client()).rejects.toThrow('the server requires authorization (HTTP 401)');
    });

    it('names the declared callers when a test asks for another', async () => {
      const asked = skills.client({ as: 'alice' });
      await expect(asked).rejects.toThrow(SkillnestTestingError);
      await expect(asked).rejects.toThrow('No caller "alice" in this harness (declared: reader, writer).');
    });

    it("gives a caller's bearer token for hand-written requests", async () => {
      const outcome = await callToolOverHttp(skills.url.href, 'scoped_read', {}, { authorization: `Bearer ${skills.token('writer')}` });
      expect(outcome.result?.content).toEqual([{ type: 'text', text: 'read by static:writer' }]);
      expect((await callToolOverHttp(skills.url.href, 'scoped_read', {}, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    });
  });

  describe('with a provider overridden', () => {
    let skills: SkillsHarness;

    beforeAll(async () => {
      skills = await startSkillsHarness({ imports: [GreetingModule], overrides: [{ provide: Greeter, useValue: { greet: (name: string) => `Hi ${name}, from a fake` } }] });
    });
    afterAll(async () => skills?.close());

    it('serves the skill with the double in place of the real provider, to anonymous callers when none is declared', async () => {
      const client = await skills.client();
      expect(await client.callTool({ name: 'greet', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'Hi anonymous, from a fake' }] });
      expect(skills.get(GreetingSkills)).toBeInstanceOf(GreetingSkills);
    });
  });

  describe('with a test database', () => {
    it("creates a fresh database, applies the module's migrations through PgPoolModule, and drops it at close", async () => {
      const skills = await startSkillsHarness({ imports: [TicketsModule], database: { migrationsDir: 'examples/tickets/migrations' } });
      const name = skills.database!.name;
      try {
        expect(await databaseExists(name)).toBe(true);
        expect(await skills.database!.query('SELECT name FROM skillnest_migrations')).toEqual([{ name: '002_tickets.sql' }]);
        const client = await skills.client({ era: 'legacy' });
        const created = await client.callTool({ name: 'ticket_create', arguments: { title: 'Checkout returns 502' } });
        expect(created.structuredContent).toMatchObject({ id: expect.any(Number), title: 'Checkout returns 502', openedBy: 'anonymous' });
        expect(await skills.database!.query('SELECT title FROM tickets')).toEqual([{ title: 'Checkout returns 502' }]);
      } finally {
        await skills.close();
      }
      expect(await databaseExists(name)).toBe(false);
      await expect(skills.client()).rejects.toThrow('This harness is closed; start another one.');
    });

    it('fails to start, naming the folder, when its migrations cannot be read', async () => {
      await expect(startSkillsHarness({ imports: [TicketsModule], database: { migrationsDir: 'test/libs/testing/no-such-folder' }, logger: false })).rejects.toThrow(
        'test/libs/testing/no-such-folder',
      );
    });
  });
});
