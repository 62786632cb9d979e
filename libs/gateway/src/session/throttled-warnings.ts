import type { Logger } from '@nestjs/common';

/**
 * Warnings that an attacker could repeat thousands of times a second (every refusal beyond a
 * cap): each kind is logged at most once every `everyMs`, so the log says that a cap is being
 * hit without becoming the next exhausted resource. Kinds are a fixed set (cap names).
 */
export class ThrottledWarnings {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly everyMs = 10_000,
  ) {}

  warn(kind: string, message: () => string): void {
    const now = Date.now();
    if (now - (this.last.get(kind) ?? -Infinity) < this.everyMs) return;
    this.last.set(kind, now);
    this.logger.warn(message());
  }
}
