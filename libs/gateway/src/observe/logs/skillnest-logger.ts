import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import { redactSecrets } from '@skillnest/skills/internal';
import { logSettingsFromEnv, type LogSettings } from './log-settings';

/** A development line: `[Context] message`, a request line on one line with its fields. */
function prettyLine(log: Record<string, unknown>): string {
  const context = log.context ? `[${String(log.context)}] ` : '';
  if (log.msg !== 'request') return `${context}${String(log.msg ?? '')}`;
  const parts = [
    log.method,
    log.skill,
    '->',
    log.status,
    log.outcome,
    log.reason,
    `${String(log.durationMs)} ms`,
    log.callerId && `caller=${String(log.callerId)}`,
    log.errorId && `errorId=${String(log.errorId)}`,
  ];
  return `${context}${parts.filter((part) => part !== undefined && part !== '').join(' ')}${log.aborted ? ' (aborted)' : ''}`;
}

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Nest's levels as pino names them. */
const PINO_LEVEL: Record<LogLevel, PinoLevel> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** A stack trace passed as Nest's second `error()` argument: dropped, never logged. */
const STACK = /\n\s+at /;

/**
 * The app's Nest logger, on pino: JSON lines in production, readable lines in development
 * (`LogSettings`). Every line goes through `redactSecrets`, whoever wrote it (the app, Nest, a
 * driver's message); structured messages (an object, as the gateway's request lines are) keep their
 * fields, with `msg` redacted. Stack traces are never written. nestjs-pino is not used: it is built
 * around pino-http's per-request logger, and the gateway writes its own request line (what the
 * dispatcher knows: skill, caller, outcome) rather than pino-http's.
 */
export class SkillnestLogger implements LoggerService {
  readonly pino: Pino;
  /** The buffered JSON destination (none in pretty mode, which writes each line at once). */
  private readonly buffered?: { flushSync(): void };

  constructor(readonly settings: LogSettings) {
    const options = {
      level: settings.level,
      base: { pid: process.pid },
      // Epoch milliseconds (pino's default): an ISO string costs a Date and its formatting on every line (1.6% of a busy gateway's CPU).
      timestamp: pino.stdTimeFunctions.epochTime,
      formatters: { level: (label: string) => ({ level: label }) },
    };
    if (settings.format === 'pretty') {
      this.pino = pino(
        options,
        pretty({ destination: settings.destination, sync: true, colorize: !process.env.NO_COLOR, hideObject: true, ignore: 'pid,hostname', messageFormat: prettyLine }),
      );
    } else {
      // Buffered writes: a line costs no system call of its own; flushed every 250 ms, and at exit.
      const stream = pino.destination({ dest: settings.destination, sync: false, minLength: 4096 });
      this.buffered = stream;
      this.pino = pino(options, stream);
      setInterval(() => this.flush(), 250).unref();
    }
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write(
      'error',
      message,
      rest.filter((part) => !(typeof part === 'string' && STACK.test(part))),
    );
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  setLogLevels(levels: LogLevel[]): void {
    const order: PinoLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.some((nest) => PINO_LEVEL[nest] === level));
    this.pino.level = lowest ?? 'silent';
  }

  /**
   * A request line (the gateway's, already made of safe fields: ids, names bounded and escaped,
   * numbers) written to pino as it is: no Nest wrapper, no copy, no redaction pass to make.
   */
  requestLine(line: Record<string, unknown>): void {
    if (this.pino.isLevelEnabled('info')) this.pino.info(line);
  }

  /** Writes what is buffered (the end of shutdown, or before the process exits). */
  flush(): void {
    try {
      this.buffered?.flushSync();
    } catch {
      // Nothing buffered yet, or the stream is still opening: nothing to lose.
    }
  }

  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the logger's context (its class name) last.
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const fields = message as Record<string, unknown>;
      const msg = typeof fields.msg === 'string' ? redactSecrets(fields.msg) : undefined;
      this.pino[level]({ context, ...fields, ...(msg !== undefined ? { msg } : {}) });
      return;
    }
    const text = message instanceof Error ? `${message.name}: ${message.message}` : String(message);
    this.pino[level]({ context }, redactSecrets(text));
  }
}

/** The app's logger from the environment (see `logSettingsFromEnv`); pass it as Nest's `logger`. */
export function createSkillnestLogger(env: NodeJS.ProcessEnv = process.env): SkillnestLogger {
  const logger = new SkillnestLogger(logSettingsFromEnv(env));
  // A buffered line must not be lost when the process exits (`process.exit` after the drain, too).
  process.once('exit', () => logger.flush());
  return logger;
}
