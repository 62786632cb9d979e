import { SkillsRegistry } from '@skillnest/skills';
import { endSession, OPS, ReplicaSet } from '../support/replica-set';
import { until } from '../support/until';

/**
 * Replicas sharing Redis: a skill switched on or off, or a resource updated, on one replica
 * reaches the lists and the listeners of every replica, including one started later.
 */
describe('skills changes across replicas sharing Redis', () => {
  const set = new ReplicaSet();
  const registry = (index: number) => set.replicas[index].app.get(SkillsRegistry);

  beforeAll(async () => {
    await set.start();
    await set.start();
  }, 60_000);
  afterAll(async () => set.stop());

  it('switches a skill off on one replica and every replica lists, refuses and announces it', async () => {
    const listener = await set.stream(0, 1, /notifications\/tools\/list_changed/);
    expect([listener.initializedStatus, listener.streamStatus]).toEqual([202, 200]);
    expect(registry(1).tool('probe_dynamic')).toMatchObject({ name: 'probe_dynamic' });
    registry(0).setEnabled('tool', 'probe_dynamic', false);
    expect(await listener.message).toMatch(/notifications\/tools\/list_changed/);
    listener.close();
    expect(registry(1).tool('probe_dynamic')).toBeUndefined();
    const reader = await set.v1(OPS);
    for (let round = 0; round < set.replicas.length; round++) expect((await reader.listTools()).tools.map((tool) => tool.name)).not.toContain('probe_dynamic');
    expect((await reader.callTool({ name: 'probe_dynamic', arguments: {} }).catch((error: Error) => error)) as Error).toMatchObject({
      message: expect.stringMatching(/Unknown tool/),
    });
    await endSession(reader);
    const late = await set.start();
    expect(late.app.get(SkillsRegistry).tool('probe_dynamic')).toBeUndefined();
    registry(1).setEnabled('tool', 'probe_dynamic', true);
    await until(() => set.replicas.every((replica) => replica.app.get(SkillsRegistry).tool('probe_dynamic') !== undefined), 'every replica to switch probe_dynamic back on');
    expect(set.replicas.map((replica) => replica.app.get(SkillsRegistry).tool('probe_dynamic') !== undefined)).toEqual([true, true, true]);
  }, 60_000);

  it('tells a subscriber on one replica that an incident changed through another (incident_update)', async () => {
    const writer = await set.v1(OPS, set.pinned(0));
    const opened = await writer.callTool({ name: 'incident_open', arguments: { service: 'checkout-api', severity: 'sev2', title: 'Elevated 5xx' } });
    const id = (opened.structuredContent as { id: string }).id;
    const uri = `incident://incidents/${id}`;
    const listener = await set.stream(0, 1, new RegExp(`notifications/resources/updated.*${uri}`));
    const subscribed = await listener.send({ jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri } });
    expect(subscribed.status).toBe(200);
    await subscribed.text();
    const updated = await writer.callTool({ name: 'incident_update', arguments: { id, status: 'mitigated', note: 'rolled back' } });
    expect(updated.isError).toBeFalsy();
    expect(await listener.message).toContain(uri);
    listener.close();
    await endSession(writer);
  });

  it('tells a 2026-07-28 listener (subscriptions/listen) on one replica of a switch made through another', async () => {
    const [listener, switcher] = [await set.v2(OPS, set.pinned(1), true), await set.v2(OPS, set.pinned(0), true)];
    const changed = new Promise<void>((resolve) => listener.setNotificationHandler('notifications/tools/list_changed', async () => resolve()));
    const subscription = await listener.listen({ toolsListChanged: true });
    const before = (await listener.listTools()).tools.some((tool) => tool.name === 'probe_dynamic');
    await switcher.callTool({ name: 'probe_toggle', arguments: {} });
    await changed;
    expect((await listener.listTools()).tools.some((tool) => tool.name === 'probe_dynamic')).toBe(!before);
    await switcher.callTool({ name: 'probe_toggle', arguments: {} });
    await subscription.close();
    await Promise.all([listener.close(), switcher.close()]);
  });
});
