import {
  McpServer,
  type AuthInfo,
  type Implementation,
  type JSONRPCRequest,
  type ScopeChallenge,
  type ServerCapabilities,
  type ServerOptions,
} from '@modelcontextprotocol/server';

/** Decides whether a request needs an `insufficient_scope` challenge (HTTP 403). */
export type ScopeChallengeResolver = (request: JSONRPCRequest, authInfo: AuthInfo | undefined) => ScopeChallenge | undefined;

/**
 * The per-request server instance. It is an `McpServer` only so that the SDK's HTTP entry runs
 * its pre-dispatch checks that need skill metadata: SEP-2243 `Mcp-Param-*` header validation
 * (tool schemas) and the OAuth `insufficient_scope` challenge (skill scopes). Both come from the
 * bootstrap-time catalog, and every handler is set on the low-level `server`, so no skill is
 * registered, converted or compiled per request.
 */
export class SkillnestMcpServer extends McpServer {
  /** The resources its session subscribes to: only the server of a live legacy session keeps them. */
  subscriptions?: Set<string>;

  constructor(
    serverInfo: Implementation,
    options: ServerOptions & { capabilities: ServerCapabilities },
    private readonly inputSchemas: ReadonlyMap<string, Record<string, unknown>>,
    private readonly scopeChallenge: ScopeChallengeResolver,
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

  override resolveScopeChallenge = (context: { request: JSONRPCRequest; authInfo?: AuthInfo }): ScopeChallenge | undefined =>
    this.scopeChallenge(context.request, context.authInfo);
}
