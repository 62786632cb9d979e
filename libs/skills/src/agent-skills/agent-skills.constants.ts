/** Injection token of the app's Agent Skills catalog (an SDK `SkillCatalog`), when one is declared. */
export const AGENT_SKILLS_CATALOG = 'skillnest:agent-skills-catalog';
