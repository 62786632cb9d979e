import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { BoundedEventStore } from '../../../libs/gateway/src/session/bounded-event.store';

const note = (n: number): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `message ${n}` } });

/** Replays after `id` and returns what was sent, in order, and the stream it was for. */
async function replay(store: BoundedEventStore, id: string) {
  const sent: Array<{ id: string; message: JSONRPCMessage }> = [];
  const stream = await store.replayEventsAfter(id, { send: async (eventId, message) => void sent.push({ id: eventId, message }) });
  return { stream, sent };
}

describe('BoundedEventStore', () => {
  it('replays the events of the same stream stored after an event id, in order, and names the stream', async () => {
    const store = new BoundedEventStore();
    const ids = [];
    for (let n = 1; n <= 3; n++) ids.push(await store.storeEvent('stream-a', note(n)));
    const other = await store.storeEvent('stream-b', note(99));
    ids.push(await store.storeEvent('stream-a', note(4)));

    expect(new Set([...ids, other]).size).toBe(5);
    const { stream, sent } = await replay(store, ids[0]);
    expect(stream).toBe('stream-a');
    expect(sent).toEqual([
      { id: ids[1], message: note(2) },
      { id: ids[2], message: note(3) },
      { id: ids[3], message: note(4) },
    ]);
    expect(await replay(store, other)).toEqual({ stream: 'stream-b', sent: [] });
  });

  it('replays nothing after the newest event, and answers which stream an event id belongs to', async () => {
    const store = new BoundedEventStore();
    await store.storeEvent('s1', note(1));
    const last = await store.storeEvent('s1', note(2));
    expect(await replay(store, last)).toEqual({ stream: 's1', sent: [] });
    expect(await store.getStreamIdForEventId(last)).toBe('s1');
    expect(await store.getStreamIdForEventId('s1_999')).toBeUndefined();
  });

  it('refuses to replay after an event id it never issued, sending nothing', async () => {
    const store = new BoundedEventStore();
    await store.storeEvent('s1', note(1));
    const send = jest.fn(async () => undefined);
    await expect(store.replayEventsAfter('s1_42', { send })).rejects.toThrow('unknown or expired event id');
    await expect(store.replayEventsAfter('', { send })).rejects.toThrow('unknown or expired event id');
    expect(send).not.toHaveBeenCalled();
  });

  it('keeps only the newest events up to its capacity: an older event id is unknown, newer ones still replay', async () => {
    const store = new BoundedEventStore(3);
    const ids = [];
    for (let n = 1; n <= 5; n++) ids.push(await store.storeEvent('s1', note(n)));

    for (const dropped of ids.slice(0, 2)) {
      expect(await store.getStreamIdForEventId(dropped)).toBeUndefined();
      await expect(replay(store, dropped)).rejects.toThrow('unknown or expired event id');
    }
    expect(await replay(store, ids[2])).toEqual({
      stream: 's1',
      sent: [
        { id: ids[3], message: note(4) },
        { id: ids[4], message: note(5) },
      ],
    });
  });

  it('holds 256 events by default, counting every stream of the session together', async () => {
    const store = new BoundedEventStore();
    const first = await store.storeEvent('get', note(0));
    const second = await store.storeEvent('post-1', note(1));
    // 255 more, the even ones (128 of them) on post-1: 257 in all, so only the very first is dropped.
    for (let n = 2; n <= 256; n++) await store.storeEvent(n % 2 ? 'get' : 'post-1', note(n));
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
    expect(await store.getStreamIdForEventId(second)).toBe('post-1');
    expect((await replay(store, second)).sent).toHaveLength(128);
  });
});
