import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SkillErrorTranslators } from './errors/skill-error.translators';
import { SkillInvoker } from './invoker/skill.invoker';
import { SkillsExplorer } from './skills.explorer';
import { SkillsRegistry } from './skills.registry';

/**
 * Discovers skills across the whole app and provides the registry and invoker. Imported by the
 * gateway; feature modules only need the decorators.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [SkillsExplorer, SkillsRegistry, SkillInvoker, SkillErrorTranslators],
  exports: [SkillsRegistry, SkillInvoker, SkillErrorTranslators],
})
export class SkillsModule {}
