import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { startFairShareApp, TOKENS, type FairShareApp, type Principal } from '../fixtures/fair-share-app';
import { endClient, v1Client } from '../support/legacy-http';

const MAX_URI = 64;
const MAX_PER_SESSION = 3;
const notFound = (uri: string) => ({ code: -32602, message: expect.stringMatching(new RegExp(`Resource not found: ${uri}$`)) });

/**
 * A subscription is a URI kept in memory for the life of its session and a promise to tell
 * about its changes: `resources/subscribe` bounds the URI's length (-32602) and the session's
 * count (-32000), and grants only what the caller may read (`resources/read`'s access rules),
 * answering an unknown URI and a forbidden one alike. The same bounds hold for the resource
 * URIs of a 2026-07-28 `subscriptions/listen` filter.
 */
describe('resource subscriptions are bounded and granted only for what the caller may read', () => {
  let gateway: FairShareApp;
  const clients: ClientV1[] = [];
  const legacy = async (who: Principal) => {
    const client = await v1Client(gateway.url, TOKENS[who]);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    gateway = await startFairShareApp('memory', { resourceSubscriptions: { maxUriLength: MAX_URI, maxPerSession: MAX_PER_SESSION } });
  });
  afterAll(async () => {
    for (const client of clients) await endClient(client);
    await gateway?.close();
  });

  it('subscribes a reader to a resource and to a URI of a template it may read', async () => {
    const alice = await legacy('alice');
    await expect(alice.subscribeResource({ uri: 'acc://notes' })).resolves.toEqual({});
    await expect(alice.subscribeResource({ uri: 'acc://notes/42' })).resolves.toEqual({});
  });

  it('refuses a URI longer than maxUriLength with -32602, without echoing it', async () => {
    const alice = await legacy('alice');
    const long = `acc://notes/${'x'.repeat(MAX_URI)}`;
    const refused = alice.subscribeResource({ uri: long });
    await expect(refused).rejects.toMatchObject({ code: -32602, message: expect.stringContaining(`longer than ${MAX_URI} characters`) });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(long) });
    // A megabyte of URI is refused the same way (it was kept before: +341 MB for 300 of them).
    await expect(alice.subscribeResource({ uri: `acc://notes/${'y'.repeat(1024 * 1024)}` })).rejects.toMatchObject({ code: -32602 });
  });

  it('answers an unknown URI and one the caller may not read with the same -32602', async () => {
    const bob = await legacy('bob'); // no acc:read
    await expect(bob.subscribeResource({ uri: 'acc://nothing-here' })).rejects.toMatchObject(notFound('acc://nothing-here'));
    await expect(bob.subscribeResource({ uri: 'acc://notes' })).rejects.toMatchObject(notFound('acc://notes'));
    await expect(bob.subscribeResource({ uri: 'acc://notes/42' })).rejects.toMatchObject(notFound('acc://notes/42'));
    // Exactly what resources/read says of an unknown URI.
    await expect(bob.readResource({ uri: 'acc://nothing-here' })).rejects.toMatchObject(notFound('acc://nothing-here'));
  });

  it('caps the subscriptions of one session at maxPerSession (-32000); a repeat or an unsubscribe frees nothing up front', async () => {
    const carol = await legacy('carol');
    for (const id of [1, 2, 3]) await carol.subscribeResource({ uri: `acc://notes/${id}` });
    await expect(carol.subscribeResource({ uri: 'acc://notes/1' })).resolves.toEqual({}); // already held: no new place
    await expect(carol.subscribeResource({ uri: 'acc://notes/4' })).rejects.toMatchObject({
      code: -32000,
      message: expect.stringMatching(/already subscribes to 3 resources, the most it may/),
    });
    await carol.unsubscribeResource({ uri: 'acc://notes/2' });
    await expect(carol.subscribeResource({ uri: 'acc://notes/4' })).resolves.toEqual({});
    // Another session of the same principal has places of its own.
    await expect((await legacy('carol')).subscribeResource({ uri: 'acc://notes/5' })).resolves.toEqual({});
  });

  it('holds a subscriptions/listen filter to the same rules (in-band errors, as the SDK answers a bad filter)', async () => {
    const modern = async (who: Principal) => {
      const client = new Client({ name: `${who}-listener`, version: '1' }, { versionNegotiation: { mode: 'auto' } });
      await client.connect(new StreamableHTTPClientTransport(gateway.url, { requestInit: { headers: { Authorization: `Bearer ${TOKENS[who]}` } } }));
      return client;
    };
    const [alice, bob] = [await modern('alice'), await modern('bob')];
    const subscription = await alice.listen({ resourceSubscriptions: ['acc://notes', 'acc://notes/1'] });
    expect(subscription.honoredFilter).toEqual({ resourceSubscriptions: ['acc://notes', 'acc://notes/1'] });
    await subscription.close();
    await expect(alice.listen({ resourceSubscriptions: [`acc://notes/${'x'.repeat(MAX_URI)}`] })).rejects.toMatchObject({ code: -32602 });
    await expect(alice.listen({ resourceSubscriptions: ['acc://notes/1', 'acc://notes/2', 'acc://notes/3', 'acc://notes/4'] })).rejects.toMatchObject({ code: -32000 });
    await expect(bob.listen({ resourceSubscriptions: ['acc://notes'] })).rejects.toMatchObject(notFound('acc://notes'));
    await Promise.all([alice.close(), bob.close()]);
  });
});
