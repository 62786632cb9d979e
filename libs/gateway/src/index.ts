export { GatewayConfigError } from './errors/gateway-config.error';
export { gatewayOptionsFromEnv } from './gateway-env.util';
export { listenSafely } from './listen.util';
export { MCP_GATEWAY_OPTIONS } from './mcp-gateway.module-definition';
export { McpGatewayModule } from './mcp-gateway.module';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MCP_PATH, type McpGatewayOptions, type StaticTokenEntry } from './mcp-gateway.options';
export { McpGatewayRegistrar } from './mcp-gateway.registrar';
export { setupSkillsOpenApi } from './rest/skills-openapi';
