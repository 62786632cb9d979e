import { resolve } from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { loadSkills } from '@modelcontextprotocol/server/ext/skills/node';
import { AGENT_SKILLS_CATALOG } from './agent-skills.constants';
import { AGENT_SKILLS_MODULE_OPTIONS, AgentSkillsConfigurableModule } from './agent-skills.module-definition';
import type { AgentSkillsOptions } from './agent-skills.options';

export type { AgentSkillsOptions } from './agent-skills.options';

/**
 * Serves a folder of Agent Skills (SKILL.md bundles) through the MCP Skills extension
 * (`io.modelcontextprotocol/skills`, SEP-2640): `skills/list`, `skills/get`,
 * `resources/directory/read` and `skill://` resources, on every gateway. The SDK's loader scans
 * the folder once at bootstrap, computing each file's digest and checking the limits.
 *
 * @example
 * ```ts
 * AgentSkillsModule.forRoot({ root: 'skills' })
 * AgentSkillsModule.forRootAsync({ inject: [ConfigService], useFactory: (config) => ({ root: config.get('skillsDir') }) })
 * ```
 */
@Module({
  providers: [
    {
      provide: AGENT_SKILLS_CATALOG,
      inject: [AGENT_SKILLS_MODULE_OPTIONS],
      useFactory: async (options: AgentSkillsOptions) => {
        const logger = new Logger('AgentSkills');
        const catalog = await loadSkills(resolve(options.root), {
          prefix: options.prefix,
          strict: options.strict ?? true,
          // Warnings name files relative to the root folder only.
          onWarning: (warning) => logger.warn(`${warning.path}: ${warning.message}`),
        });
        logger.log(`Serving ${catalog.entries.length} agent skill(s): ${catalog.entries.map((entry) => entry.frontmatter.name).join(', ')}`);
        return catalog;
      },
    },
  ],
  exports: [AGENT_SKILLS_CATALOG],
})
export class AgentSkillsModule extends AgentSkillsConfigurableModule {}
