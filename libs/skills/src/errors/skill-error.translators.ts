import { Injectable } from '@nestjs/common';
import type { SkillError } from './skill.error';

/**
 * Turns a failure of some infrastructure (a dropped database connection, a statement timeout)
 * into a `SkillError` the caller can act on; returns undefined for errors it does not know.
 */
export type SkillErrorTranslator = (error: unknown) => SkillError | undefined;

/**
 * The translators libraries register (the pools library adds PostgreSQL's). The invoker asks
 * them about every exception that is not already a `SkillError`, so a skill does not have to wrap
 * each query to give the caller "the database is unavailable" instead of "internal error".
 */
@Injectable()
export class SkillErrorTranslators {
  private readonly translators = new Set<SkillErrorTranslator>();

  add(translator: SkillErrorTranslator): void {
    this.translators.add(translator);
  }

  translate(error: unknown): SkillError | undefined {
    for (const translator of this.translators) {
      const translated = translator(error);
      if (translated) return translated;
    }
    return undefined;
  }
}
