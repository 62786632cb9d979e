import { randomBytes } from 'node:crypto';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { spawnApp, type AppProcess } from './app-process';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';
import { startFakeDeployTracker } from './fake-deploy-tracker';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The static token of the traced app's one caller (`static:ops`), and the model its Claude skills ask for. */
export const TRACED_TOKEN = 'tracing-e2e-token-0123456789abcdef';
export const TRACED_MODEL = 'claude-tracing-e2e';

/** A W3C trace context as a client's own span would send it: `00-<trace id>-<span id>-01`. */
export interface ClientSpan {
  traceId: string;
  spanId: string;
  traceparent: string;
}

/** A new client span in a new trace. */
export function clientSpan(): ClientSpan {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** The example app as a real process, traced to a local OTLP receiver, with PostgreSQL, the deploy tracker and Claude (fakes) behind it. */
export interface TracedApp {
  app: AppProcess;
  receiver: OtlpReceiver;
  fake: FakeAnthropic;
  tracker: Awaited<ReturnType<typeof startFakeDeployTracker>>;
  database: TestDatabase;
  /** An official 2026-07-28 client, authenticated, sending `headers` with every request. */
  connect(headers?: Record<string, string>): Promise<Client>;
  close(): Promise<void>;
}

/** Starts the fakes, the database and the receiver, then the app pointed at them (`env` adds to or overrides its environment). */
export async function startTracedApp(env: Record<string, string> = {}): Promise<TracedApp> {
  const [receiver, fake, tracker, database] = await Promise.all([startOtlpReceiver(), startFakeAnthropic(), startFakeDeployTracker(), createTestDatabase()]);
  const app = await spawnApp({
    DATABASE_URL: database.url,
    DEPLOY_TRACKER_URL: tracker.origin,
    ANTHROPIC_API_KEY: 'sk-ant-tracing-e2e-SECRET',
    ANTHROPIC_BASE_URL: fake.baseURL,
    SKILLNEST_CLAUDE_MODEL: TRACED_MODEL,
    SKILLNEST_CLAUDE_MAX_RETRIES: '0',
    SKILLNEST_TOKENS: `ops=${TRACED_TOKEN}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'skillnest-e2e',
    OTEL_BSP_SCHEDULE_DELAY: '50',
    ...env,
  });
  await app.waitFor(/Skillnest example listening/, 60_000);
  const clients: Client[] = [];
  return {
    app,
    receiver,
    fake,
    tracker,
    database,
    connect: async (headers = {}) => {
      const client = new Client({ name: 'tracing-e2e', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TRACED_TOKEN}`, ...headers } } }));
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      app.kill();
      await Promise.all([receiver.close(), fake.close(), tracker.close()]);
      await database.drop();
    },
  };
}

/** The spans of a trace that are children of `parent` (a span id), among those received. */
export const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.traceId === parent.traceId && span.parentSpanId === parent.spanId);
