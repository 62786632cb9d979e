import type { SkillCaller, SkillDefinition } from '@skillnest/skills';
import { callerMayUse } from '@skillnest/skills';
import type { SkillGuardRunner } from '../auth/skill-guard.runner';
import type { GatewaySkills } from './gateway-skills';
import type { CatalogHolder, McpCatalog } from './mcp-catalog';

const MAX_CALLERS = 1_000;

/**
 * The lists one caller may see: everything, when no skill of the gateway is restricted (the
 * common case, answered with the shared prepared lists), else the catalog filtered by the
 * caller's scopes and the skills' guards, remembered per caller until the catalog changes.
 */
export class CallerCatalog {
  private readonly cache = new Map<string, { catalog: McpCatalog; results: McpCatalog['results'] }>();

  constructor(
    private readonly holder: CatalogHolder,
    private readonly skills: GatewaySkills,
    private readonly guards: SkillGuardRunner,
  ) {}

  /** Whether a caller may use one skill (scopes, then guards). */
  /** Synchronous unless the skill has guards to run (most have none). */
  mayUse(skill: SkillDefinition, caller: SkillCaller): boolean | Promise<boolean> {
    if (!callerMayUse(skill.handler.access, caller)) return false;
    return skill.handler.access.guards.length === 0 || this.guards.allows(skill, caller);
  }

  async resultsFor(caller: SkillCaller): Promise<McpCatalog['results']> {
    const catalog = this.holder.current;
    if (!catalog.restricted) return catalog.results;
    const key = `${caller.id}\u0000${caller.scopes.join(' ')}`;
    const cached = this.cache.get(key);
    if (cached && cached.catalog === catalog) return cached.results;
    const keep = async <T>(entries: T[], find: (entry: T) => SkillDefinition | undefined) => {
      const verdicts = await Promise.all(entries.map(async (entry) => {
        const skill = find(entry);
        return skill !== undefined && (await this.mayUse(skill, caller));
      }));
      return entries.filter((_, index) => verdicts[index]);
    };
    const results = {
      tools: { tools: await keep(catalog.tools, (tool) => this.skills.tool(tool.name)) },
      resources: { resources: await keep(catalog.resources, (resource) => this.skills.resource(resource.uri)) },
      resourceTemplates: {
        resourceTemplates: await keep(catalog.resourceTemplates, (template) => this.skills.resourceTemplates().find((skill) => skill.name === template.name)),
      },
      prompts: { prompts: await keep(catalog.prompts, (prompt) => this.skills.prompt(prompt.name)) },
    };
    if (this.cache.size >= MAX_CALLERS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { catalog, results });
    return results;
  }
}
