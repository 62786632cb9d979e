import type { Client, ElicitRequestParams } from '@modelcontextprotocol/client';
import { startSkillsHarness, type SkillsHarness } from '@skillnest/testing';
import { AuditsModule } from '../../../src/audits/audits.module';

interface AuditResult {
  audited: number;
  blocked: number;
  followUps: string[];
  findings: Array<{ service: string; blocking: string[] }>;
}

// The readiness audit asks, mid-call, whether to open follow-up incidents (ctx.elicit). Its client
// answers from a map or a function: an input_required round for a modern client, a request in the
// session for a legacy one.
describe('the readiness audit skill', () => {
  const SCOPES = ['catalog:read', 'incidents:read'];
  let skills: SkillsHarness;

  const followUpRows = () => skills.database!.query<{ service: string }>("SELECT service FROM incidents WHERE title = 'Readiness audit follow-up' ORDER BY service");
  // The audit declares no output schema: its answer is the JSON text of its result.
  const audit = async (client: Client) => {
    const result = await client.callTool({ name: 'catalog_readiness_audit', arguments: {} });
    return JSON.parse((result.content as Array<{ text: string }>)[0].text) as AuditResult;
  };

  describe.each(['modern', 'legacy'] as const)('over a %s client', (era) => {
    // A harness (and a database) per era, so that each era's run opens its own follow-ups.
    beforeAll(async () => {
      skills = await startSkillsHarness({
        imports: [AuditsModule],
        callers: { lead: [...SCOPES, 'incidents:write'], auditor: SCOPES },
        database: { migrationsDir: 'migrations' },
      });
    });
    afterAll(async () => skills?.close());

    it('does not open follow-ups when the user declines, and says what it found', async () => {
      const asked: ElicitRequestParams[] = [];
      const client = await skills.client({ era, as: 'lead', elicit: (request) => (asked.push(request), { action: 'decline' }) });
      const result = await audit(client);
      expect(result).toMatchObject({ audited: 8, followUps: [] });
      expect(result.blocked).toBeGreaterThan(0);
      expect(asked).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^\d+ service\(s\) have blocking findings \(.+\)\. Open a sev4 follow-up incident for each\?$/) }),
      ]);
    });

    it('opens one follow-up incident per blocked service when the user accepts, and reuses them on the next run', async () => {
      const client = await skills.client({ era, as: 'lead', elicit: { open: true } });
      const first = await audit(client);
      expect(first.followUps).toHaveLength(first.blocked);
      const blockedServices = first.findings.filter((finding) => finding.blocking.length > 0).map((finding) => finding.service);
      expect((await followUpRows()).map((row) => row.service)).toEqual([...blockedServices].sort());
      expect((await audit(client)).followUps).toEqual(first.followUps);
      expect(await followUpRows()).toHaveLength(first.blocked);
    });

    it('asks nothing of a caller who may not write incidents, nor of a client that cannot be asked', async () => {
      const auditor = await skills.client({ era, as: 'auditor', elicit: () => Promise.reject(new Error('must not be asked')) });
      expect((await audit(auditor)).followUps).toEqual([]);
      const unaskable = await skills.client({ era, as: 'lead' });
      expect((await audit(unaskable)).followUps).toEqual([]);
    });
  });
});
