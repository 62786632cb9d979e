import type { ElicitRequestParams } from '@modelcontextprotocol/client';
import { startSkillsHarness, type SkillsHarness } from '@skillnest/testing';
import { ContextProbeModule } from '../../fixtures/context-probe.module';

/** The text a call ends with: its result's, or the error's when the client rejects it (the eras differ in which). */
const outcomeText = (call: Promise<{ content: Array<{ type: string; text?: string }> }>) =>
  call.then(
    (result) => result.content[0]?.text,
    (error: Error) => error.message,
  );

describe('elicitation answers of a harness client', () => {
  let skills: SkillsHarness;

  beforeAll(async () => {
    skills = await startSkillsHarness({ imports: [ContextProbeModule], callers: { ops: ['*'] } });
  });
  afterAll(async () => skills?.close());

  // modern: the skill's question comes back as an input_required result and the v2 client answers
  // it in another round; legacy: the gateway sends elicitation/create to the client in its session.
  describe.each(['modern', 'legacy'] as const)('over a %s client', (era) => {
    it('accepts with the fields a map of answers gives', async () => {
      const client = await skills.client({ era, as: 'ops', elicit: { ok: true } });
      expect(await client.callTool({ name: 'probe_confirm', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'confirmed by static:ops: yes' }] });
    });

    it('answers with what a function returns, which sees the question', async () => {
      const asked: ElicitRequestParams[] = [];
      const client = await skills.client({ era, as: 'ops', elicit: (request) => (asked.push(request), { action: 'decline' }) });
      expect(await client.callTool({ name: 'probe_confirm', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'not confirmed (decline)' }] });
      expect(asked).toEqual([expect.objectContaining({ message: 'Proceed?', requestedSchema: expect.objectContaining({ required: ['ok'] }) })]);
    });

    it('fails the call, naming the question and the field, when the map lacks a required answer', async () => {
      const client = await skills.client({ era, as: 'ops', elicit: { unrelated: 'x' } });
      expect(await outcomeText(client.callTool({ name: 'probe_confirm', arguments: {} }))).toContain(
        'The skill asked "Proceed?" for ok, which the elicit answers of this client do not give. Add it to the map, or pass a function.',
      );
    });
  });
});
