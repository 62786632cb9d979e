import { Writable } from 'node:stream';

let claimed: Writable | undefined;

/**
 * Makes stdout the protocol's alone, for a stdio server: from now on whatever else writes to
 * `process.stdout` (a `console.log` in a dependency, a banner, a driver's notice) goes to stderr,
 * where the host shows it in the server's log, and the stream returned is the only way left to
 * the real stdout (the stdio transport's). The app's logger writes to its own descriptor: set
 * `SKILLNEST_LOG_DESTINATION=stderr` too. Call it before anything else starts; idempotent.
 */
export function claimStdout(): Writable {
  if (claimed) return claimed;
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (chunk: Uint8Array, callback: (error?: Error | null) => void) => boolean;
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  const protocol = new Writable({
    // Done when the real stdout has taken it (a pipe's backpressure reaches the transport through this stream).
    write: (chunk: Uint8Array, _encoding, done) => void write(chunk, (error) => done(error ?? undefined)),
  });
  // A client that went away (EPIPE) ends the connection instead of crashing the process.
  stdout.on('error', (error) => protocol.destroy(error));
  claimed = protocol;
  return protocol;
}
