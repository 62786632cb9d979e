import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { modernRequest } from '../support/mcp-http';

const KEY = 'a-shared-hmac-key-for-all-replicas-0123456789';
const NEXT_KEY = 'the-key-the-fleet-rotates-to-next-0123456789';

/** Stateless replicas: a multi-round call may start on one replica and finish on another. */
describe('input_required across replicas', () => {
  let first: RunningApp;
  let second: RunningApp;
  let stranger: RunningApp;
  let rotated: RunningApp;

  beforeAll(async () => {
    first = await startExampleApp({ env: { SKILLNEST_STATE_KEY: KEY }, imports: [ContextProbeModule] });
    second = await startExampleApp({ env: { SKILLNEST_STATE_KEY: KEY }, imports: [ContextProbeModule] });
    stranger = await startExampleApp({ env: { SKILLNEST_STATE_KEY: 'another-key-that-this-fleet-does-not-share-00' }, imports: [ContextProbeModule] });
    // A replica already rolled out with the next key, the current one kept as previous.
    rotated = await startExampleApp({ env: { SKILLNEST_STATE_KEY: NEXT_KEY, SKILLNEST_STATE_KEY_PREVIOUS: KEY }, imports: [ContextProbeModule] });
  });
  afterAll(async () => {
    await Promise.all([first, second, stranger, rotated].map((app) => app?.close()));
  });

  const withCaps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };

  it('finishes on a second replica sharing SKILLNEST_STATE_KEY, and is refused by one that does not', async () => {
    const round1 = await modernRequest(first.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, _meta: withCaps });
    const asked = round1.body?.result as { resultType: string; inputRequests: Record<string, unknown>; requestState: string };
    expect(asked).toMatchObject({ resultType: 'input_required', inputRequests: { confirm: { method: 'elicitation/create' } } });

    const answer = { inputResponses: { confirm: { action: 'accept', content: { ok: true } } }, requestState: asked.requestState };
    const round2 = await modernRequest(second.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, ...answer, _meta: withCaps });
    expect(round2.body?.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'confirmed by anonymous: yes' }] });

    const elsewhere = await modernRequest(stranger.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, ...answer, _meta: withCaps });
    expect(elsewhere.body?.error).toMatchObject({
      code: -32602,
      message:
        'Invalid or expired requestState: it was sealed with a key this server does not hold (another server, or a retired key); start the call again without requestState.',
      data: { reason: 'invalid_request_state', cause: 'unknown_key' },
    });
  });

  it('finishes on a replica rotated to a new key (SKILLNEST_STATE_KEY_PREVIOUS), whose own states the old replicas refuse', async () => {
    const round1 = await modernRequest(first.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, _meta: withCaps });
    const { requestState } = round1.body?.result as { requestState: string };
    const answer = { inputResponses: { confirm: { action: 'accept', content: { ok: true } } }, requestState };
    const round2 = await modernRequest(rotated.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, ...answer, _meta: withCaps });
    expect(round2.body?.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'confirmed by anonymous: yes' }] });

    const sealedByNext = (
      (await modernRequest(rotated.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, _meta: withCaps })).body?.result as { requestState: string }
    ).requestState;
    const back = await modernRequest(first.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, ...answer, requestState: sealedByNext, _meta: withCaps });
    expect(back.body?.error).toMatchObject({ code: -32602, data: { reason: 'invalid_request_state', cause: 'unknown_key' } });
  });
});
