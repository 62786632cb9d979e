import { Module } from '@nestjs/common';
import { SkillsModule } from '@skillnest/skills';
import { ClaudeAgentRunner } from './agent/claude-agent.runner';
import { ClaudeClient } from './claude.client';
import { ConfigurableModuleClass } from './claude.module-definition';

/**
 * The app's Claude client (`@InjectClaude()` / `ClaudeClient`) and agent runner
 * (`ClaudeAgentRunner`). Global by default (`isGlobal: false` to change that).
 *
 * @example
 * ```ts
 * ClaudeModule.forRoot({ apiKey: process.env.ANTHROPIC_API_KEY, model: 'claude-sonnet-5-5' })
 * ClaudeModule.forRootAsync({ useFactory: () => claudeOptionsFromEnv(process.env) })
 * ```
 */
@Module({
  imports: [SkillsModule],
  providers: [ClaudeClient, ClaudeAgentRunner],
  exports: [ClaudeClient, ClaudeAgentRunner],
})
export class ClaudeModule extends ConfigurableModuleClass {}
