import { Module } from '@nestjs/common';
import { ClaudeModule, claudeOptionsFromEnv } from '@skillnest/claude';
import { IncidentsModule } from '../incidents/incidents.module';
import { OpsAssistantSkills } from './ops-assistant.skills';

/**
 * The Claude feature: `incident_summarize` and `ops_agent`. Configured by `ANTHROPIC_API_KEY`,
 * `ANTHROPIC_BASE_URL` and `SKILLNEST_CLAUDE_MODEL`; without a key the app still starts and
 * both skills answer that Claude is not configured.
 */
@Module({
  imports: [ClaudeModule.forRootAsync({ useFactory: () => claudeOptionsFromEnv(process.env) }), IncidentsModule],
  providers: [OpsAssistantSkills],
})
export class OpsAssistantModule {}
