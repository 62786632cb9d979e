import { Module } from '@nestjs/common';
import { McpGatewayModule, gatewayOptionsFromEnv } from '@skillnest/gateway';
import { CatalogModule } from './catalog/catalog.module';
import { IncidentsModule } from './incidents/incidents.module';

/** The example service: a service catalog and an incident log, served over MCP on /mcp. */
@Module({
  imports: [
    CatalogModule,
    IncidentsModule,
    McpGatewayModule.forRootAsync({
      useFactory: () => ({
        ...gatewayOptionsFromEnv(process.env),
        serverInfo: { name: 'skillnest-example', title: 'Skillnest example: catalog and incidents', version: '0.1.0' },
        instructions:
          'Service catalog and incident log of the platform team. Look services up with catalog_search_services before ' +
          'opening incidents; use catalog_dependency_impact to find who else is affected.',
      }),
    }),
  ],
})
export class AppModule {}
