/** Injection token of the `SkillCallObserver[]` every gateway's dispatcher reports to (provided by `ObservabilityModule`, or a team's own module). */
export const SKILL_CALL_OBSERVERS = Symbol('SKILL_CALL_OBSERVERS');
