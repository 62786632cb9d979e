import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SkillErrorTranslators } from './errors/skill-error.translators';
import { SkillInvoker } from './invoker/skill.invoker';
import { SkillsExplorer } from './skills.explorer';
import { SkillsRegistry } from './skills.registry';

/**
 * Discovers skills across the whole app and provides the registry and invoker. Global: there is
 * one registry per app, and a feature module may inject it to switch its skills on and off.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [SkillsExplorer, SkillsRegistry, SkillInvoker, SkillErrorTranslators],
  exports: [SkillsRegistry, SkillInvoker, SkillErrorTranslators],
})
export class SkillsModule {}
