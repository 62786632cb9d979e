/** Base of every error `@skillnest/testing` raises: a harness used in a way it cannot serve (an undeclared caller, an unanswered elicitation). */
export class SkillnestTestingError extends Error {
  override name = 'SkillnestTestingError';
}
