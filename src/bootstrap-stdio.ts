import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger, type Type } from '@nestjs/common';
import { claimStdout, listenOnStdio, stdioOptionsFromEnv } from '@skillnest/gateway';
import { createApp } from './app.factory';

/** The example's folder (the one with its package.json), wherever this file runs from: src/ or dist/src/. */
function appFolder(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

/**
 * Serves the example over stdio, for a host that starts it as a child process (Claude Desktop,
 * Claude Code): the same app as `bootstrap`, without an HTTP listener, run in the app's folder.
 * stdout carries the protocol alone; logs go to stderr. Exits 1 with one clear line on stderr if it cannot start.
 */
export async function bootstrapStdio(extraModules: Type<unknown>[] = []): Promise<void> {
  // First of all: anything that prints from now on (a dependency's console.log) goes to stderr.
  claimStdout();
  // A host starts the server from any folder (Claude Desktop from /): relative settings (the
  // migrations, the agent skills, the embedded database's data) are the app's folder's.
  process.chdir(appFolder());
  const logger = new Logger('Bootstrap');
  try {
    const options = stdioOptionsFromEnv(process.env);
    // The app's logger writes to its own descriptor, not through process.stdout.
    process.env.SKILLNEST_LOG_DESTINATION = 'stderr';
    // A host keeps stderr in a log file: colours only on a terminal.
    if (!process.stderr.isTTY) process.env.NO_COLOR ??= '1';
    const app = await createApp(process.env, extraModules);
    listenOnStdio(app, options);
  } catch (error) {
    // One line, no stack: the cause is nearly always configuration (database, caller, scopes).
    logger.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
