import { SkillError } from '@skillnest/skills';

/**
 * An upstream call failed. It is a `SkillError`, so a skill that lets it propagate gives the
 * caller a clear `isError` message; the message names the upstream by pool name only, never its
 * address.
 */
export class UpstreamError extends SkillError {
  override name = 'UpstreamError';

  constructor(
    message: string,
    /** `timeout`, `unreachable`, `reset`, `too_large`, `status`, `bad_body`, `cancelled`, `unconfigured`. */
    readonly reason: string,
    readonly status?: number,
  ) {
    super(message, { reason, ...(status ? { status } : {}) });
  }
}
