import type { Readable, Writable } from 'node:stream';
import type { SkillCaller } from '@skillnest/skills';

/** How an app serves one of its gateways over stdio (`listenOnStdio`). */
export interface StdioOptions {
  /** Who every call of the connection is from (default `ANONYMOUS_CALLER`: the local user, every scope). */
  caller?: SkillCaller;
  /** The path of the gateway whose skills are served, when the app has several (default: the first). */
  gateway?: string;
  /** A 2025 client opening with `initialize`: served (default) or refused, naming the 2026-07-28 revision. */
  legacy?: 'serve' | 'reject';
  /** Stdin closing shuts the app down and exits 0 (default true); false leaves that to the caller of `listenOnStdio`. */
  exitOnEnd?: boolean;
  /** Other streams than the process's stdin and (claimed) stdout: a test, a socket. */
  input?: Readable;
  output?: Writable;
}
