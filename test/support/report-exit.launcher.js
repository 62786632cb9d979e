// Runs the command given as arguments with this process's stdin, stdout and stderr, passes
// SIGTERM and SIGINT on to it and, when it exits, writes how on stderr and exits the same way.
// An MCP stdio client spawns the server itself and never tells its exit code: a spec starts the
// server through this launcher to see it.
'use strict';
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.stderr.write(`report-exit: code=${code} signal=${signal}\n`);
  process.exit(code ?? 1);
});
