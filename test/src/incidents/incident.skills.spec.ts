import type { Client } from '@modelcontextprotocol/client';
import { startSkillsHarness, type SkillsHarness } from '@skillnest/testing';
import { IncidentsModule } from '../../../src/incidents/incidents.module';

type Text = { type: string; text: string };

// The incident log's skills with their real repository on a database of their own, migrated from
// the app's migrations folder, behind the real gateway; the catalog comes as the module's import.
describe('the incident skills', () => {
  let skills: SkillsHarness;

  beforeAll(async () => {
    skills = await startSkillsHarness({
      imports: [IncidentsModule],
      callers: { 'oncall-bot': ['incidents:read', 'incidents:write'], viewer: ['incidents:read'] },
      database: { migrationsDir: 'migrations' },
    });
  });
  afterAll(async () => skills?.close());

  describe.each(['modern', 'legacy'] as const)('over a %s client', (era) => {
    let client: Client;

    beforeAll(async () => {
      client = await skills.client({ era, as: 'oncall-bot' });
    });

    it('lists incident_open with its nested input schema', async () => {
      const { tools } = await client.listTools();
      const open = tools.find((tool) => tool.name === 'incident_open')!;
      expect(open.inputSchema).toMatchObject({
        required: expect.arrayContaining(['service', 'severity', 'title']),
        properties: { impact: { type: 'object', properties: { regions: { type: 'array' } } } },
      });
    });

    it('opens, updates and lists an incident, recording the caller', async () => {
      const opened = await client.callTool({
        name: 'incident_open',
        arguments: { service: 'checkout-api', severity: 'sev2', title: 'Checkout latency above SLO', impact: { customersAffected: 120, regions: ['eu-west'] } },
      });
      expect(opened.isError).toBeFalsy();
      const incident = opened.structuredContent as { id: string; openedBy: string; status: string; regions: string[] };
      expect(incident).toMatchObject({ id: expect.stringMatching(/^INC-\d{4}$/), openedBy: 'static:oncall-bot', status: 'open', regions: ['eu-west'] });

      const updated = await client.callTool({ name: 'incident_update', arguments: { id: incident.id, status: 'mitigated', note: 'Rolled back 4.2.1' } });
      expect(updated.structuredContent).toMatchObject({
        status: 'mitigated',
        timeline: [expect.anything(), expect.objectContaining({ note: 'Rolled back 4.2.1', by: 'static:oncall-bot' })],
      });

      const listed = await client.callTool({ name: 'incident_list', arguments: { status: 'mitigated' } });
      expect((listed.structuredContent as { incidents: Array<{ id: string }> }).incidents.map((item) => item.id)).toContain(incident.id);

      const record = await client.readResource({ uri: `incident://incidents/${incident.id}` });
      expect(JSON.parse((record.contents[0] as { text: string }).text)).toMatchObject({ id: incident.id, status: 'mitigated' });

      const prompt = await client.getPrompt({ name: 'incident_postmortem', arguments: { id: incident.id } });
      expect((prompt.messages[0].content as Text).text).toContain(`Write a blameless postmortem for ${incident.id} (sev2) on checkout-api`);
      expect((prompt.messages[0].content as Text).text).toContain('[mitigated] Rolled back 4.2.1');
    });

    it('finds incidents by full-text search over titles, summaries and timeline notes', async () => {
      const marker = `${era}era`; // a word only this era's incident contains
      const opened = await client.callTool({
        name: 'incident_open',
        arguments: { service: 'ledger', severity: 'sev3', title: `Ledger reconciliation lag ${marker}`, summary: 'Nightly batch overran its window' },
      });
      const id = (opened.structuredContent as { id: string }).id;
      await client.callTool({ name: 'incident_update', arguments: { id, status: 'resolved', note: 'Partition pruning fixed the overrun' } });

      const byNote = await client.callTool({ name: 'incident_search', arguments: { query: `pruning ${marker}` } });
      expect((byNote.structuredContent as { incidents: Array<{ id: string; rank: number }> }).incidents).toEqual([
        expect.objectContaining({ id, status: 'resolved', rank: expect.any(Number) }),
      ]);
      const excluded = await client.callTool({ name: 'incident_search', arguments: { query: `${marker} -reconciliation` } });
      expect((excluded.structuredContent as { incidents: unknown[] }).incidents).toEqual([]);
      const afterResolve = await client.callTool({ name: 'incident_update', arguments: { id, status: 'open', note: 'again' } });
      expect(afterResolve).toMatchObject({ isError: true, content: [{ text: `${id} is already resolved; open a new incident if the problem came back.` }] });
    });

    it('answers invalid arguments with isError naming each failing field', async () => {
      const result = await client.callTool({
        name: 'incident_open',
        arguments: { service: 'checkout-api', severity: 'sev9', title: 'x', impact: { customersAffected: -1, regions: ['mars'] } },
      });
      expect(result.isError).toBe(true);
      const text = (result.content as Text[])[0].text;
      expect(text).toMatch(/^Invalid arguments for "incident_open": /);
      expect(text).toContain('severity: severity must be one of the following values: sev1, sev2, sev3, sev4');
      expect(text).toContain('title: title must be longer than or equal to 5 characters');
      expect(text).toContain('impact.customersAffected: customersAffected must not be less than 0');
      expect(text).toContain('impact.regions: each value in regions must be one of the following values');
    });

    it("returns a SkillError's message to the caller", async () => {
      const result = await client.callTool({ name: 'incident_update', arguments: { id: 'INC-9999', status: 'resolved', note: 'done' } });
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'No incident INC-9999. Use incident_list to find open incidents.' }] });
    });

    it('lets a caller with incidents:read only read: opening is refused (403) and writes nothing', async () => {
      const viewer = await skills.client({ era, as: 'viewer' });
      const before = await skills.database!.query<{ count: string }>('SELECT count(*) FROM incidents');
      await expect(viewer.callTool({ name: 'incident_open', arguments: { service: 'ledger', severity: 'sev4', title: 'Not allowed to open' } })).rejects.toThrow(
        'Insufficient scope: required "incidents:read incidents:write"',
      );
      expect((await viewer.callTool({ name: 'incident_list', arguments: {} })).isError).toBeFalsy();
      expect(await skills.database!.query('SELECT count(*) FROM incidents')).toEqual(before);
    });
  });
});
