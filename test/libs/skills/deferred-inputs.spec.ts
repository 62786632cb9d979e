import { InputRequestCollector, InputRequiredSignal, type DeferredInputs, type InputRequestSpec } from '@skillnest/skills/internal';
import { SkillError } from '@skillnest/skills';

const schema = { type: 'object' as const, properties: { ok: { type: 'boolean' } } };

/** A task's input channel: records what was asked, answers when told. */
function channel() {
  const asked: Array<{ key: string; request: InputRequestSpec; answer: (value: unknown) => void }> = [];
  const inputs: DeferredInputs = { wait: (key, request) => new Promise((resolve) => asked.push({ key, request, answer: resolve })) };
  return { asked, inputs };
}

/** Input requests of a call that runs as a task wait for the answer instead of ending the round. */
describe('InputRequestCollector with a task channel', () => {
  it('ends the round (the multi-round model) while there is no channel', async () => {
    const collector = new InputRequestCollector({}, () => undefined);
    await expect(collector.elicit({ key: 'go', message: 'Go?', requestedSchema: schema })).rejects.toBeInstanceOf(InputRequiredSignal);
    expect(Object.keys(collector.pending)).toEqual(['go']);
  });

  it('suspends the skill until the answer comes, then resumes it with that answer', async () => {
    const { asked, inputs } = channel();
    const collector = new InputRequestCollector({}, () => inputs);
    const answer = collector.elicit({ message: 'Go?', requestedSchema: schema });
    expect(asked).toEqual([{ key: 'elicit-1', request: { method: 'elicitation/create', params: { message: 'Go?', requestedSchema: schema } }, answer: expect.any(Function) }]);
    asked[0].answer({ action: 'accept', content: { ok: true } });
    await expect(answer).resolves.toEqual({ action: 'accept', content: { ok: true } });
    // Keys keep counting across the task's life: a new question never reuses an answered key.
    void collector.elicit({ message: 'Again?', requestedSchema: schema });
    expect(asked[1].key).toBe('elicit-2');
    expect(collector.pending).toEqual({});
  });

  it('answers at once what was answered before (a run again after a lost replica replays the answers)', async () => {
    const { asked, inputs } = channel();
    const collector = new InputRequestCollector({ approve: { action: 'decline' } }, () => inputs);
    await expect(collector.elicit({ key: 'approve', message: 'Approve?', requestedSchema: schema })).resolves.toEqual({ action: 'decline' });
    expect(asked).toEqual([]);
  });

  it('refuses an answer of the wrong kind with a SkillError naming the request', async () => {
    const { asked, inputs } = channel();
    const collector = new InputRequestCollector({}, () => inputs);
    const answer = collector.sample({ key: 'draft', messages: [{ role: 'user', content: { type: 'text', text: 'Write' } }], maxTokens: 10 });
    asked[0].answer({ action: 'accept', content: {} });
    await expect(answer).rejects.toThrow(SkillError);
    await expect(answer).rejects.toThrow('input request "draft" is not a valid answer to sampling/createMessage');
  });
});
