import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { McpGatewayOptions } from './mcp-gateway.options';

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: MCP_GATEWAY_OPTIONS } = new ConfigurableModuleBuilder<McpGatewayOptions>().setClassMethodName('forRoot').build();
