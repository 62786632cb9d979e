import { SkillnestSkillsError } from './skillnest-skills.error';

/**
 * Thrown by a skill to report a failure the caller should read (a missing record, a rule the
 * input broke). Its message reaches the client verbatim as an `isError` result, so write it for
 * the model: say what was wrong and how to fix the call. Any other exception is logged and the
 * client gets a generic message with a request id.
 */
export class SkillError extends SkillnestSkillsError {
  override name = 'SkillError';

  constructor(
    message: string,
    /** Optional machine-readable detail (`{ reason, ... }`), returned in the result's `_meta['io.skillnest/error']`. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}
