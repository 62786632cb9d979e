import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { TicketsModule } from '../../examples/tickets/tickets.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { connectClient, type McpTestClient } from '../support/mcp-clients';

const ROOT = join(__dirname, '..', '..');
const GUIDE = join(ROOT, 'examples', 'tickets');

/** Every file of the guide's module, relative to the repository root. */
const guideFiles = (dir = GUIDE): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? guideFiles(join(dir, entry.name)) : [relative(ROOT, join(dir, entry.name))]));

/** The README's code blocks that show a file: `<!-- file: path -->` right above a fenced block. */
function readmeFiles(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const shown = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- file: (\S+) -->\n\s*```\w*\n([\s\S]*?)\n\s*```/g)) {
    // Blocks inside a numbered list are indented; the file is not.
    const indent = /^( *)/.exec(match[2])![1].length;
    shown.set(match[1], `${match[2].replace(new RegExp(`^ {${indent}}`, 'gm'), '')}\n`);
  }
  return shown;
}

describe('the README guide "Add your own skill module"', () => {
  it('shows every file of examples/tickets, and every file it shows exactly as it is in the repository', () => {
    const shown = readmeFiles();
    const files = guideFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(shown.has(file) ? file : `${file} is not shown in the README`).toBe(file);
    // Every file the README shows (the guide's, and the spec of "Testing your skills") is the file itself.
    for (const [file, text] of shown) expect(text).toBe(readFileSync(join(ROOT, file), 'utf8'));
  });

  describe('its module, added to the example as the guide says', () => {
    let app: RunningApp;
    let client: McpTestClient;
    const migrations = mkdtempSync(join(tmpdir(), 'skillnest-guide-migrations-'));

    beforeAll(async () => {
      // Step 4: the migration goes next to the example's own, in the one migrations folder.
      for (const dir of [join(ROOT, 'migrations'), join(GUIDE, 'migrations')]) for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(migrations, file));
      app = await startExampleApp({ imports: [TicketsModule], env: { SKILLNEST_MIGRATIONS_DIR: migrations } });
      ({ client } = await connectClient('v2 auto (2026-07-28)', app.mcpUrl));
    }, 60_000);
    afterAll(async () => {
      await client?.close();
      await app?.close();
      rmSync(migrations, { recursive: true, force: true });
    });

    it('lists ticket_create with its input and output schemas, next to the example tools', async () => {
      const { tools } = await client.listTools();
      const create = tools.find((tool) => tool.name === 'ticket_create');
      expect(create?.inputSchema).toMatchObject({
        type: 'object',
        properties: { title: { type: 'string', minLength: 5, maxLength: 120 }, priority: { enum: ['low', 'high'] } },
        required: ['title'],
      });
      expect(create?.outputSchema).toMatchObject({
        properties: { id: { type: 'integer' }, priority: { enum: ['low', 'high'] } },
        required: expect.arrayContaining(['id', 'openedAt']),
      });
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['catalog_search_services', 'incident_open']));
    });

    it('creates a ticket with its priority, answers a numeric id, then reads it as a resource and triages it with the prompt', async () => {
      const created = await client.callTool({ name: 'ticket_create', arguments: { title: 'Checkout returns 502', priority: 'high' } });
      expect(created.isError).toBeFalsy();
      const ticket = created.structuredContent as { id: number };
      expect(ticket).toEqual({ id: expect.any(Number), title: 'Checkout returns 502', priority: 'high', status: 'open', openedBy: 'anonymous', openedAt: expect.any(String) });

      const read = await client.readResource({ uri: `tickets://${ticket.id}` });
      expect(read.contents[0]).toMatchObject({ uri: `tickets://${ticket.id}`, mimeType: 'application/json' });
      expect(JSON.parse(read.contents[0].text!)).toEqual(ticket);

      const prompt = await client.getPrompt({ name: 'ticket_triage', arguments: { id: String(ticket.id) } });
      expect(prompt.messages[0].content.text).toBe(`Triage ticket ${ticket.id} (high): "Checkout returns 502". Say who should own it and what to check first.`);
    });

    it('refuses a title that is too short with the validation message, and an unknown ticket by name', async () => {
      const short = await client.callTool({ name: 'ticket_create', arguments: { title: 'no' } });
      expect(short.isError).toBe(true);
      expect(short.content[0].text).toContain('title must be longer than or equal to 5 characters');
      await expect(client.readResource({ uri: 'tickets://999999' })).rejects.toThrow('No ticket 999999.');
    });
  });
});
