import { resolve } from 'node:path';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { loadSkills } from '@modelcontextprotocol/server/ext/skills/node';
import { AGENT_SKILLS_CATALOG } from './agent-skills.constants';

export interface AgentSkillsOptions {
  /** A folder with one sub-folder per skill, each holding a `SKILL.md` and its files. */
  root: string;
  /** Organisational prefix: `'acme'` serves `skill://acme/<skill>/...`. */
  prefix?: string;
  /** Refuse to start on any problem (bad frontmatter, over the 512-file / 16 MiB limits). Default true. */
  strict?: boolean;
}

/**
 * Serves a folder of Agent Skills (SKILL.md bundles) through the MCP Skills extension
 * (`io.modelcontextprotocol/skills`, SEP-2640): `skills/list`, `skills/get`,
 * `resources/directory/read` and `skill://` resources, on every gateway. The SDK's loader scans
 * the folder once at bootstrap, computing each file's digest and checking the limits.
 */
@Module({})
export class AgentSkillsModule {
  static forRoot(options: AgentSkillsOptions): DynamicModule {
    const logger = new Logger('AgentSkills');
    return {
      module: AgentSkillsModule,
      global: true,
      providers: [
        {
          provide: AGENT_SKILLS_CATALOG,
          useFactory: async () => {
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
    };
  }
}
