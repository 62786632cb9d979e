import 'reflect-metadata';
import { PassThrough } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Client, type Transport } from '@modelcontextprotocol/client';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { listenOnStdio, McpGatewayModule, ObservabilityModule, type CallSettled, type ObservedCall, type SkillCallObserver, type StdioOptions } from '@skillnest/gateway';
import type { SkillCaller } from '@skillnest/skills';
import { ContextProbeModule } from '../../fixtures/context-probe.module';
import { HeldCallProbe, HeldCallProbeModule } from '../../fixtures/held-call-probe.module';
import { ScopedSkillsModule } from '../../fixtures/scoped-skills.module';
import { CaptureLogger } from '../../support/capture.logger';
import { until } from '../../support/until';

/** Every call the dispatcher's observers saw: which front door, whose. */
@Injectable()
class FrontDoorRecorder implements SkillCallObserver {
  readonly calls: Array<{ name: string; via: string; callerId: string; outcome: string }> = [];
  settled(call: ObservedCall, end: CallSettled): void {
    this.calls.push({ name: call.name, via: call.via, callerId: call.request.caller.id, outcome: end.outcome });
  }
}

const BOB: SkillCaller = Object.freeze({ id: 'stdio:bob', authenticated: true, scopes: ['incidents:read'], claims: {} });

/** The gateway of a real Nest app (Fastify, never listening) served over a pair of in-memory pipes, and a client on their other ends. */
async function serveOverPipes(options: StdioOptions = {}) {
  const logs = new CaptureLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ScopedSkillsModule,
      ContextProbeModule,
      HeldCallProbeModule,
      ObservabilityModule.forRoot({ metrics: false, tracing: false, observers: [FrontDoorRecorder] }),
      McpGatewayModule.forRoot({ requestStateKey: 'k'.repeat(32) }),
    ],
  })
    .setLogger(logs)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: logs });
  await app.init();
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  listenOnStdio(app, { input: toServer, output: toClient, exitOnEnd: false, ...options });
  // The same newline-delimited JSON framing from the client's side: a stdio transport over the other ends.
  const connect = async (client: Client) => client.connect(new StdioServerTransport(toClient, toServer) as unknown as Transport);
  return { app, logs, toServer, connect, recorder: app.get(FrontDoorRecorder), held: app.get(HeldCallProbe) };
}

describe('StdioGateway (listenOnStdio)', () => {
  it('serves a 2025 client as the configured caller, through the dispatcher (via stdio): scopes, budgets, list changes, request lines', async () => {
    const { app, logs, connect, recorder } = await serveOverPipes({ caller: BOB });
    const client = new Client({ name: 'pipe-client', version: '1.0.0' });
    try {
      await connect(client);
      expect(client.getProtocolEra()).toBe('legacy');
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['scoped_read', 'scoped_public', 'probe_toggle']));
      expect(names).not.toContain('scoped_write');

      expect((await client.callTool({ name: 'scoped_read', arguments: {} })).content).toEqual([{ type: 'text', text: 'read by stdio:bob' }]);
      await expect(client.callTool({ name: 'scoped_write', arguments: {} })).rejects.toThrow(/incidents:write/);
      // Nothing charged the budget ahead of the call, as the HTTP route does: the dispatcher charges it.
      await client.callTool({ name: 'scoped_limited', arguments: {} });
      await client.callTool({ name: 'scoped_limited', arguments: {} });
      await expect(client.callTool({ name: 'scoped_limited', arguments: {} })).rejects.toThrow(/Rate limit reached for .*scoped_limited.*; retry in \d+ s/);

      const changed = new Promise<void>((resolve) => client.setNotificationHandler('notifications/tools/list_changed', async () => resolve()));
      await client.callTool({ name: 'probe_toggle', arguments: {} });
      await changed;
    } finally {
      await client.close();
      await app.close();
    }
    expect(recorder.calls).toContainEqual({ name: 'scoped_read', via: 'stdio', callerId: 'stdio:bob', outcome: 'ok' });
    expect(recorder.calls).toContainEqual(expect.objectContaining({ name: 'scoped_write', via: 'stdio', outcome: 'refused' }));
    expect(recorder.calls.filter((call) => call.name === 'scoped_limited').map((call) => call.outcome)).toEqual(['ok', 'ok', 'refused']);
    expect(logs.requests).toContainEqual(
      expect.objectContaining({ msg: 'request', transport: 'stdio', gateway: '/mcp', method: 'tools/call', skill: 'scoped_read', callerId: 'stdio:bob', outcome: 'ok' }),
    );
    expect(logs.requests).toContainEqual(expect.objectContaining({ method: 'initialize', callerId: 'stdio:bob', protocol: '2025-11-25' }));
  });

  it('serves a 2026-07-28 client, by default as the local user holding every scope', async () => {
    const { app, connect, recorder } = await serveOverPipes();
    const client = new Client({ name: 'pipe-client', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    try {
      await connect(client);
      expect(client.getProtocolEra()).toBe('modern');
      expect((await client.callTool({ name: 'scoped_public', arguments: {} })).content).toEqual([{ type: 'text', text: 'hello anonymous (*)' }]);
      expect((await client.callTool({ name: 'scoped_write', arguments: {} })).content).toEqual([{ type: 'text', text: 'written by anonymous' }]);
    } finally {
      await client.close();
      await app.close();
    }
    expect(recorder.calls).toContainEqual({ name: 'scoped_public', via: 'stdio', callerId: 'anonymous', outcome: 'ok' });
  });

  it('tells a listening 2026-07-28 client that the tool list changed (subscriptions/listen)', async () => {
    const { app, connect } = await serveOverPipes();
    const client = new Client({ name: 'pipe-client', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    try {
      await connect(client);
      const changed = new Promise<void>((resolve) => client.setNotificationHandler('notifications/tools/list_changed', async () => resolve()));
      const subscription = await client.listen({ toolsListChanged: true });
      expect(subscription.honoredFilter).toMatchObject({ toolsListChanged: true });
      await client.callTool({ name: 'probe_toggle', arguments: {} });
      await changed;
      expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('probe_dynamic');
      await subscription.close();
    } finally {
      await client.close();
      await app.close();
    }
  });

  it.each(['legacy', 'modern'] as const)('over a %s connection, a skill reports progress and asks the user (elicitation) as over HTTP', async (era) => {
    const { app, connect } = await serveOverPipes({ caller: BOB });
    const client = new Client(
      { name: 'pipe-client', version: '1.0.0' },
      { ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' as const } } } : {}), capabilities: { elicitation: { form: {} } } },
    );
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(String(request.params.message));
      return { action: 'accept', content: { ok: true } };
    });
    try {
      await connect(client);
      expect(client.getProtocolEra()).toBe(era);
      const updates: number[] = [];
      const progress = await client.callTool({ name: 'probe_progress', arguments: {} }, { onprogress: (update) => updates.push(update.progress) });
      expect(progress.content).toEqual([{ type: 'text', text: 'done in 3 steps' }]);
      expect(updates).toEqual([1, 2, 3]);
      expect((await client.callTool({ name: 'probe_confirm', arguments: {} })).content).toEqual([{ type: 'text', text: 'confirmed by stdio:bob: yes' }]);
      expect(asked).toEqual(['Proceed?']);
    } finally {
      await client.close();
      await app.close();
    }
  });

  it('with legacy: reject, refuses a 2025 initialize', async () => {
    const { app, connect } = await serveOverPipes({ legacy: 'reject' });
    const client = new Client({ name: 'pipe-client', version: '1.0.0' });
    try {
      await expect(connect(client)).rejects.toThrow('Unsupported protocol version: 2025-11-25');
    } finally {
      await client.close();
      await app.close();
    }
  });

  it('at shutdown answers the call in flight, refuses new requests, then closes; stdin closing is the client leaving', async () => {
    const { app, logs, connect, held } = await serveOverPipes();
    const client = new Client({ name: 'pipe-client', version: '1.0.0' });
    await connect(client);
    const running = client.callTool({ name: 'probe_held', arguments: {} });
    await held.started;
    const closed = app.close();
    await until(() => logs.lines.some((line) => line.includes('stdio draining: waiting for 1 request(s) in flight')), 'the stdio drain to begin');
    await expect(client.callTool({ name: 'scoped_public', arguments: {} })).rejects.toThrow('Server is shutting down.');
    held.finish();
    expect((await running).content).toEqual([{ type: 'text', text: 'released' }]);
    await closed;
    await client.close();
    // Closed by the app, not by the client: not taken for the client leaving.
    expect(logs.lines.some((line) => line.includes('stdin closed'))).toBe(false);

    const second = await serveOverPipes();
    const other = new Client({ name: 'pipe-client', version: '1.0.0' });
    await second.connect(other);
    second.toServer.end();
    await until(() => second.logs.lines.some((line) => line.includes('stdin closed: the client went away, shutting down.')), 'stdin closing to be noticed');
    await other.close();
    await second.app.close();
  });
});
