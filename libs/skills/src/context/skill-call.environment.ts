import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { SkillCaller, SkillClient } from '../interfaces/skill-context.interface';

/**
 * What a front door (the MCP gateway, REST) knows about one call, handed to the invoker, which
 * turns it into the skill's `SkillContext`.
 */
export interface SkillCallEnvironment {
  caller: SkillCaller;
  client: SkillClient;
  requestId: string | number;
  /** Fires when the client goes away or cancels. */
  signal: AbortSignal;
  /**
   * The controller behind `signal`, when the front door owns one for this call alone: the
   * invoker then aborts it on timeout too, instead of linking a second controller.
   */
  controller?: AbortController;
  /** Answers to input requests from earlier rounds and this one. */
  answers: Record<string, unknown>;
  /** Used when the skill sets no `timeoutMs`. */
  defaultTimeoutMs: number;
  progress(done: number, total?: number, message?: string): Promise<void>;
  log(level: LoggingLevel, message: string, data?: unknown): Promise<void>;
}
