import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { SkillsRegistry } from '@skillnest/skills';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

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

  it('tells a legacy session subscribed to the resource, and only that one', async () => {
    const subscribed = new Client({ name: 'legacy-watcher', version: '1.0.0' });
    await subscribed.connect(new StreamableHTTPClientTransport(running.mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${ALICE}` } } }));
    const updated = new Promise<string>((resolve) =>
      subscribed.setNotificationHandler('notifications/resources/updated', async (notification) => resolve(notification.params.uri)),
    );
    await subscribed.subscribeResource({ uri: 'catalog://services' });
    // Give the client's GET stream a moment to open before the change is announced.
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.app.get(SkillsRegistry).resourceUpdated('catalog://services');
    await expect(updated).resolves.toBe('catalog://services');
    await subscribed.close();
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
