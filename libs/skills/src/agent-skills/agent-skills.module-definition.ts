import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AgentSkillsOptions } from './agent-skills.options';

/** `AgentSkillsModule.forRoot` / `forRootAsync`, built the way every Skillnest lib configures its module. */
export const { ConfigurableModuleClass: AgentSkillsConfigurableModule, MODULE_OPTIONS_TOKEN: AGENT_SKILLS_MODULE_OPTIONS } = new ConfigurableModuleBuilder<AgentSkillsOptions>()
  .setClassMethodName('forRoot')
  // Every gateway of the app serves the catalog: global unless told otherwise.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
