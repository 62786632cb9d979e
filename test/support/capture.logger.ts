import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line, so tests can assert what operators would read. */
export class CaptureLogger implements LoggerService {
  readonly lines: string[] = [];
  /** The gateways' per-request lines (`msg: 'request'`), kept apart so that `lines` reads as the app's own messages. */
  readonly requests: Array<Record<string, unknown>> = [];

  private keep(level: string, message: unknown, rest: unknown[]): void {
    if (typeof message === 'object' && message !== null && (message as { msg?: unknown }).msg === 'request') {
      this.requests.push(message as Record<string, unknown>);
      return;
    }
    this.lines.push([level, message, ...rest].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  }
  log(message: unknown, ...rest: unknown[]) {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.keep('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.keep('fatal', message, rest);
  }
}
