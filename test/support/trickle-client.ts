import { connect } from 'node:net';

/** What a raw HTTP/1.1 connection received before the server closed it (status 0: no answer within `maxMs`). */
export interface RawAnswer {
  status: number;
  body: string;
  elapsedMs: number;
}

/**
 * Opens a raw TCP connection, writes `head`, then one of `drips` every `everyMs`: a client that
 * sends its request slowly. Resolves with the server's answer once it closes the connection, or
 * with status 0 after `maxMs`; never writes more than the drips given.
 */
export function trickle(port: number, head: string, drips: string[], options: { everyMs: number; maxMs: number }): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let next = 0;
    let done = false;
    const dripping = setInterval(() => {
      if (next < drips.length && socket.writable) socket.write(drips[next++]);
    }, options.everyMs);
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(dripping);
      clearTimeout(giveUp);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), elapsedMs: Date.now() - started });
    };
    const giveUp = setTimeout(finish, options.maxMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer changes nothing
    socket.on('close', finish);
    socket.write(head);
  });
}
