import { SkillnestSkillsError } from './skillnest-skills.error';

/** A skill is declared wrongly (duplicate name, unusable schema, ...). Raised at bootstrap. */
export class SkillDefinitionError extends SkillnestSkillsError {
  override name = 'SkillDefinitionError';
}
