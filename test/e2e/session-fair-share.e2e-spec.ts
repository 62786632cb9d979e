import type { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { startFairShareApp, TOKENS, type FairShareApp, type Store } from '../fixtures/fair-share-app';
import { endClient, endSession, initialize, openSession, v1Client } from '../support/legacy-http';

const PER_PRINCIPAL = 3;
const IN_ALL = 5;

const refusal = (limit: string, max: number, message: RegExp) => ({
  jsonrpc: '2.0',
  id: 1,
  error: { code: -32000, message: expect.stringMatching(message), data: { limit, max } },
});

/**
 * One principal must not lock every 2025-era client out: sessions are capped per principal
 * (429 beyond its share) beside the global cap (503 once the server is full), both with
 * Retry-After and a JSON-RPC -32000 error, with the sessions in memory (the fast path answers
 * the handshake) and in Redis (the SDK path, every replica under one count).
 */
describe.each<Store>(['memory', 'redis'])('legacy sessions, a fair share per principal (%s store)', (store) => {
  let gateway: FairShareApp;

  beforeAll(async () => {
    gateway = await startFairShareApp(store, { legacySessions: { maxSessions: IN_ALL, maxSessionsPerPrincipal: PER_PRINCIPAL } });
  });
  afterAll(async () => gateway?.close());

  it('refuses a principal beyond its share with 429 while another principal still initializes, even under a flood', async () => {
    const alice: ClientV1[] = [];
    for (let index = 0; index < PER_PRINCIPAL; index++) alice.push(await v1Client(gateway.url, TOKENS.alice));

    const refused = await initialize(gateway.url, TOKENS.alice);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.session).toBeNull();
    expect(refused.body).toEqual(refusal('maxSessionsPerPrincipal', PER_PRINCIPAL, /^You hold 3 open sessions, the most one caller may/));
    // The official client surfaces the message.
    await expect(v1Client(gateway.url, TOKENS.alice)).rejects.toThrow(/You hold 3 open sessions/);

    // What locked every client out before: a burst of initializes from one principal.
    const flood = await Promise.all(Array.from({ length: 60 }, () => initialize(gateway.url, TOKENS.alice)));
    expect(new Set(flood.map((answer) => answer.status))).toEqual(new Set([429]));

    const bob = await v1Client(gateway.url, TOKENS.bob);
    expect((await bob.listTools()).tools.map((tool) => tool.name)).toContain('acc_open');

    // Ending one of its sessions gives the principal its place back.
    await endClient(alice.pop()!);
    const again = await openSession(gateway.url, TOKENS.alice);
    await endSession(gateway.url, TOKENS.alice, again);
    for (const client of [...alice, bob]) await endClient(client);
  });

  it('refuses everyone with 503 once the server holds maxSessions, and opens again when sessions end', async () => {
    const sessions: Array<[string, string]> = [];
    for (const token of [TOKENS.alice, TOKENS.alice, TOKENS.alice, TOKENS.bob, TOKENS.bob]) sessions.push([token, await openSession(gateway.url, token)]);

    const full = await initialize(gateway.url, TOKENS.carol);
    expect(full.status).toBe(503);
    const wait = Number(full.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60); // others leaving frees places sooner than any expiry
    expect(full.body).toEqual(refusal('maxSessions', IN_ALL, /^Too many open sessions on this server/));
    // A principal holding its whole share is told about its share first.
    const aliceAgain = await initialize(gateway.url, TOKENS.alice);
    expect(aliceAgain.status).toBe(429);
    expect(aliceAgain.session).toBeNull();
    expect(aliceAgain.body).toEqual(refusal('maxSessionsPerPrincipal', PER_PRINCIPAL, /^You hold 3 open sessions/));
    expect(gateway.logs.lines.some((line) => line.includes('Legacy session cap (5) reached'))).toBe(true);

    for (const [token, session] of sessions) expect(await endSession(gateway.url, token, session)).toBe(200);
    const carol = await openSession(gateway.url, TOKENS.carol);
    await endSession(gateway.url, TOKENS.carol, carol);
  });
});
