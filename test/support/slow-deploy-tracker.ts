import { EventEmitter, once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long a `slow-*` service takes to answer: longer than any drain deadline the specs set. */
export const SLOW_ANSWER_MS = 8_000;
/** A `trickle-*` service sends one body byte this often, 20 times, then ends with an empty list. */
export const TRICKLE_EVERY_MS = 500;

/**
 * A deploy tracker upstream that takes its time (real HTTP on 127.0.0.1): `slow-*` answers after
 * 8 s, `trickle-*` sends its headers at once and then its body one byte at a time, each byte well
 * within a per-chunk body timeout. Counts the requests it has received, so a spec can await them.
 */
export async function startSlowDeployTracker() {
  const events = new EventEmitter();
  const open = new Set<ServerResponse>();
  let received = 0;
  const server = createServer((req, res) => {
    received++;
    events.emit('request');
    open.add(res);
    const service = new URL(req.url ?? '/', 'http://upstream').searchParams.get('service') ?? '';
    const answer = JSON.stringify({ deployments: [{ id: 'd-1', version: '1.0.0', status: 'succeeded', author: 'li', startedAt: '2026-11-19T09:00:00Z' }] });
    let timer: NodeJS.Timeout | undefined;
    res.once('close', () => (clearTimeout(timer), clearInterval(timer), open.delete(res)));
    if (service.startsWith('slow-')) {
      timer = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(answer), SLOW_ANSWER_MS);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    timer = setInterval(() => {
      res.write(' ');
      if (++sent < 20) return;
      clearInterval(timer);
      res.end(answer);
    }, TRICKLE_EVERY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get count(): number {
      return received;
    },
    /** Resolves once `count` requests in all have arrived (bounded by the caller's test timeout). */
    async received(count: number): Promise<void> {
      while (received < count) await once(events, 'request');
    },
    close: () =>
      new Promise<void>((resolve) => {
        open.forEach((res) => res.destroy());
        server.close(() => resolve());
      }),
  };
}
