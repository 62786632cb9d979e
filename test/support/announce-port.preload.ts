// Preloaded (`-r`) into the processes spawnApp starts with PORT=0: the kernel picks a port as the
// app binds, and this line tells the parent which one. A port found free by the parent and bound
// later by the child could be taken in between by another process; this cannot. Only HTTP servers
// are told of (the embedded PostgreSQL listens on a TCP port of its own). (spawnApp reads
// the line by its text: importing this file would patch the parent too.)
import { Server } from 'node:http';

const ANNOUNCE = 'test-harness: listening on port ';

const listen = Server.prototype.listen;
Server.prototype.listen = function announcingListen(this: Server, ...args: unknown[]) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.stdout.write(`${ANNOUNCE}${address.port}\n`);
  });
  return (listen as (...rest: unknown[]) => Server).apply(this, args);
} as typeof Server.prototype.listen;
