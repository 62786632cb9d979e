import { Module } from '@nestjs/common';
import { SkillsModule } from '@skillnest/skills';
import { ConfigurableModuleClass } from './mcp-gateway.module-definition';
import { McpGatewayRegistrar } from './mcp-gateway.registrar';

/**
 * Serves every skill of the app over MCP Streamable HTTP on one path of Nest's Fastify instance.
 *
 * @example
 * ```ts
 * McpGatewayModule.forRoot({ path: '/mcp', tokens: ['s3cret'] })
 * McpGatewayModule.forRootAsync({ useFactory: () => gatewayOptionsFromEnv(process.env) })
 * ```
 */
@Module({
  imports: [SkillsModule],
  providers: [McpGatewayRegistrar],
  exports: [McpGatewayRegistrar],
})
export class McpGatewayModule extends ConfigurableModuleClass {}
