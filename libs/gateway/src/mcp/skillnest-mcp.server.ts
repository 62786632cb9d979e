import { McpServer, type Implementation, type ServerCapabilities, type ServerOptions } from '@modelcontextprotocol/server';

/**
 * The per-request server instance. It is an `McpServer` only so that the SDK's HTTP entry runs
 * its pre-dispatch checks that need tool schemas (SEP-2243 `Mcp-Param-*` header validation); the
 * schemas come from the bootstrap-time catalog and every handler is set on the low-level
 * `server`, so no tool is registered, converted or compiled per request.
 */
export class SkillnestMcpServer extends McpServer {
  constructor(
    serverInfo: Implementation,
    options: ServerOptions & { capabilities: ServerCapabilities },
    private readonly inputSchemas: ReadonlyMap<string, Record<string, unknown>>,
  ) {
    // Capabilities are registered after construction: passed to the constructor, McpServer
    // would install its own registry-backed handlers only for ours to replace them.
    const { capabilities, ...rest } = options;
    super(serverInfo, rest);
    this.server.registerCapabilities(capabilities);
  }

  override toolInputSchemaJson(name: string): Record<string, unknown> | undefined {
    return this.inputSchemas.get(name);
  }
}
