import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { SkillsRegistry } from '@skillnest/skills';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { watchingGetStream } from '../support/until';

const ALICE = 'alice-token-000000000000000001';

// List and resource change notifications on one replica (legacy sessions' own are in
// sessions-and-notifications; across replicas, replicas-change-bus).
describe('subscriptions/listen (2026-07-28)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `alice=${ALICE}` }, imports: [ContextProbeModule] });
  });
  afterAll(async () => running?.close());

  it('notifies a listening client when a tool is switched off, and the list no longer has it', async () => {
    const client = new Client({ name: 'listener', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(running.mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${ALICE}` } } }));
    let notified!: () => void;
    const changed = new Promise<void>((resolve) => (notified = resolve));
    client.setNotificationHandler('notifications/tools/list_changed', async () => notified());
    const subscription = await client.listen({ toolsListChanged: true });
    expect(subscription.honoredFilter).toMatchObject({ toolsListChanged: true });

    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('probe_dynamic');
    await client.callTool({ name: 'probe_toggle', arguments: {} });
    await changed;
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('probe_dynamic');
    await expect(client.callTool({ name: 'probe_dynamic', arguments: {} })).rejects.toMatchObject({ code: -32602 });

    await subscription.close();
    await client.close();
  });
});

describe('resource updates', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `alice=${ALICE}` }, imports: [ContextProbeModule] });
  });
  afterAll(async () => running?.close());

  it('tells a listening 2026-07-28 client that a resource it subscribed to changed', async () => {
    const client = new Client({ name: 'watcher', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(running.mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${ALICE}` } } }));
    const updated = new Promise<string>((resolve) => client.setNotificationHandler('notifications/resources/updated', async (notification) => resolve(notification.params.uri)));
    const subscription = await client.listen({ resourceSubscriptions: ['catalog://services'] });
    expect(subscription.honoredFilter).toMatchObject({ resourceSubscriptions: ['catalog://services'] });
    running.app.get(SkillsRegistry).resourceUpdated('catalog://services');
    await expect(updated).resolves.toBe('catalog://services');
    await subscription.close();
    await client.close();
  });

  /** A legacy client whose GET stream is known to be open (its answer's headers arrived), and every resource update it is told. */
  async function legacyWatcher(name: string) {
    const stream = watchingGetStream();
    const client = new Client({ name, version: '1.0.0' });
    const told: string[] = [];
    const waiters: Array<{ count: number; resolve: (uris: string[]) => void }> = [];
    const settle = () => waiters.filter((waiter) => told.length >= waiter.count).forEach((waiter) => waiter.resolve(told));
    client.setNotificationHandler('notifications/resources/updated', async (notification) => {
      told.push(notification.params.uri);
      settle();
    });
    await client.connect(new StreamableHTTPClientTransport(running.mcpUrl, { fetch: stream.fetch, requestInit: { headers: { Authorization: `Bearer ${ALICE}` } } }));
    await stream.opened;
    /** Resolves once `count` updates have arrived (the test's own timeout bounds it). */
    const until = (count: number) =>
      new Promise<string[]>((resolve) => {
        waiters.push({ count, resolve });
        settle();
      });
    return { client, told, until };
  }

  it('tells a legacy session subscribed to the resource, and only that one', async () => {
    const subscribed = await legacyWatcher('legacy-watcher');
    const other = await legacyWatcher('legacy-bystander');
    await subscribed.client.subscribeResource({ uri: 'catalog://services' });
    await other.client.subscribeResource({ uri: 'catalog://services/ledger' });
    const registry = running.app.get(SkillsRegistry);
    registry.resourceUpdated('catalog://services');
    expect(await subscribed.until(1)).toEqual(['catalog://services']);
    // The bystander is told of its own resource only: had it been sent the first update, that
    // would have come first on its stream, so the second one arriving proves the first was not sent.
    registry.resourceUpdated('catalog://services/ledger');
    expect(await other.until(1)).toEqual(['catalog://services/ledger']);
    expect(subscribed.told).toEqual(['catalog://services']);
    await subscribed.client.close();
    await other.client.close();
  });

  it('completes template variables and prompt arguments from the catalog', async () => {
    const client = new Client({ name: 'completer', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(running.mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${ALICE}` } } }));
    const template = await client.complete({ ref: { type: 'ref/resource', uri: 'catalog://services/{name}' }, argument: { name: 'name', value: 'pay' } });
    expect(template.completion.values).toEqual(['payments-gateway']);
    const prompt = await client.complete({ ref: { type: 'ref/prompt', name: 'review_service_readiness' }, argument: { name: 'service', value: 'led' } });
    expect(prompt.completion.values).toEqual(['ledger']);
    await client.close();
  });
});
