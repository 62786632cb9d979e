import { SkillError } from '@skillnest/skills';

/** Why a Claude call failed, in the result's `_meta['io.skillnest/error'].reason`. */
export type ClaudeFailureReason =
  | 'unconfigured'
  | 'shutting_down'
  | 'cancelled'
  | 'timeout'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'payment_required'
  | 'unknown_model'
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'bad_request'
  | 'malformed'
  | 'refused'
  | 'iteration_limit'
  | 'time_budget'
  | 'nested_agent'
  | 'invalid_options';

/**
 * Base of every error the Claude library raises. It is a `SkillError`, so a skill that lets it
 * propagate gives the caller a clear `isError` with this message and `{ reason, status? }` in
 * its `_meta['io.skillnest/error']`. Messages name settings, never the API key, base URL or an address.
 */
export class ClaudeError extends SkillError {
  override name = 'ClaudeError';

  constructor(
    message: string,
    readonly reason: ClaudeFailureReason,
    /** HTTP status Claude answered, when it answered. */
    readonly status?: number,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { reason, ...(status ? { status } : {}), ...extra });
  }
}

/** `ClaudeModule` options that cannot work (a base URL that is not a URL, a negative timeout). Raised at bootstrap. */
export class ClaudeOptionsError extends ClaudeError {
  override name = 'ClaudeOptionsError';

  constructor(message: string) {
    super(message, 'invalid_options');
  }
}
