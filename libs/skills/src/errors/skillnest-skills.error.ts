/** Base of every error the skills library raises itself; lets callers tell them from skill bugs. */
export class SkillnestSkillsError extends Error {
  override name = 'SkillnestSkillsError';
}
