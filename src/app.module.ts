import { Module } from '@nestjs/common';
import { McpGatewayModule, ObservabilityModule, gatewayOptionsFromEnv, observabilityOptionsFromEnv } from '@skillnest/gateway';
import { HealthModule } from '@skillnest/pools';
import { AgentSkillsModule } from '@skillnest/skills';
import { AuditsModule } from './audits/audits.module';
import { CatalogModule } from './catalog/catalog.module';
import { OpsAssistantModule } from './claude/ops-assistant.module';
import { DatabaseModule } from './database/database.module';
import { DeploysModule } from './deploys/deploys.module';
import { IncidentsModule } from './incidents/incidents.module';

/**
 * The example service: a service catalog, an incident log in PostgreSQL and a deploy tracker
 * upstream, served over MCP on /mcp, with /healthz and /readyz.
 */
@Module({
  imports: [
    DatabaseModule,
    CatalogModule,
    IncidentsModule,
    AuditsModule,
    DeploysModule,
    OpsAssistantModule,
    HealthModule.forRoot(),
    ObservabilityModule.forRoot(observabilityOptionsFromEnv(process.env)),
    AgentSkillsModule.forRoot({ root: process.env.SKILLNEST_AGENT_SKILLS_DIR || 'skills' }),
    McpGatewayModule.forRootAsync({
      useFactory: () => ({
        ...gatewayOptionsFromEnv(process.env),
        restPrefix: '/skills',
        serverInfo: { name: 'skillnest-example', title: 'Skillnest example: catalog and incidents', version: '0.1.0' },
        instructions:
          'Service catalog, incident log and deploy history of the platform team. Look services up with ' +
          'catalog_search_services before opening incidents; use catalog_dependency_impact to find who else is ' +
          'affected, incident_search to find similar past incidents and deploy_recent to see what changed.',
      }),
    }),
  ],
})
export class AppModule {}
