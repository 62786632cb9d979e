import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp } from '../support/example-app.harness';
import { watchingGetStream } from '../support/until';

const TOKEN = 'shutdown-streams-token-1234567890';
const DRAIN_DEADLINE_MS = 10_000;

// Streams that only carry notifications (a legacy session's GET stream, a 2026-07-28
// subscriptions/listen stream) are not work in flight: shutdown must neither wait for the drain
// deadline because of them nor hang on an HTTP server that cannot close while they are open.
describe('shutdown with notification streams open', () => {
  it('closes promptly while a legacy client holds its GET stream and a 2026-07-28 client listens', async () => {
    const running = await startExampleApp({
      env: { SKILLNEST_TOKENS: `ops-bot=${TOKEN}`, SKILLNEST_DRAIN_TIMEOUT_MS: String(DRAIN_DEADLINE_MS) },
      imports: [ContextProbeModule],
    });
    const transport = () => new StreamableHTTPClientTransport(running.mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });

    const legacy = new Client({ name: 'legacy-holder', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    const stream = watchingGetStream();
    await legacy.connect(new StreamableHTTPClientTransport(running.mcpUrl, { fetch: stream.fetch, requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    const modern = new Client({ name: 'listener', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await modern.connect(transport());
    await modern.listen({ toolsListChanged: true });
    expect((await legacy.listTools()).tools.length).toBeGreaterThan(0);
    await stream.opened; // the legacy client's GET stream is open, and held

    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(DRAIN_DEADLINE_MS / 2);
    // The drain waited for no request: the open streams are not work in flight.
    const log = running.logs.lines.join('\n');
    expect(log).toMatch(/Gateway \/mcp draining: waiting for 0 request\(s\) in flight/);
    expect(log).toMatch(/Gateway \/mcp drained: no request in flight \(\d+ ms\)/);
    expect(log).not.toMatch(/drain deadline/);

    await Promise.allSettled([legacy.close(), modern.close()]);
  }, 30_000);
});
