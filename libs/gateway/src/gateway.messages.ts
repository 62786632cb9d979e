/** Every message the gateway writes to clients or logs. Never interpolate tokens, paths or addresses. */
export const GatewayMessages = {
  notFastify: () => 'McpGatewayModule needs the Fastify platform: create the app with `new FastifyAdapter()`.',
  invalidPath: (path: string) => `Gateway path "${path}" must start with "/" and contain no query or fragment.`,
  ephemeralStateKey: () =>
    'No SKILLNEST_STATE_KEY: multi-round input requests are signed with a per-process key, so a retry must reach the same replica. Set a shared key of 32+ bytes when running several replicas.',
  sessionNotFound: () => 'Session not found: it expired, was closed, or belongs to someone else. Initialize a new one.',
  tooManySessions: () => 'Too many open sessions on this server; try again later or use the 2026-07-28 protocol, which needs none.',
  sessionCapReached: (max: number) => `Legacy session cap (${max}) reached; refusing new sessions until some close or expire.`,
  tokensFileUnreadable: () => 'SKILLNEST_TOKENS_FILE is set but the file cannot be read; check the secret is mounted.',
  emptyToken: (index: number) => `Token #${index + 1} of the gateway is empty; remove it or give it a value.`,
  unauthenticated: (path: string) =>
    `Gateway ${path} is UNAUTHENTICATED (no tokens configured): anyone who can reach it can call every skill. Binding to 127.0.0.1 only; set SKILLNEST_TOKENS to serve other hosts.`,
  hostForcedToLoopback: (requested: string) =>
    `HOST=${requested} ignored: an unauthenticated gateway only binds to 127.0.0.1.`,
  mounted: (path: string, tools: number, resources: number, prompts: number) =>
    `MCP gateway on ${path}: ${tools} tools, ${resources} resources and templates, ${prompts} prompts`,
  missingToken: () => 'Missing bearer token: send "Authorization: Bearer <token>".',
  invalidToken: () => 'The bearer token is not valid for this server.',
  foreignOrigin: () => 'Origin not allowed: this MCP endpoint does not accept requests from that web origin.',
  foreignHost: () => 'Host not allowed: this MCP endpoint does not serve that host name (DNS rebinding protection).',
  parseError: () => 'Parse error: the request body is not valid JSON.',
  emptyBody: () => 'Parse error: the request body is empty; send one JSON-RPC message.',
  forbiddenKey: () => 'Invalid request: the body contains a forbidden "__proto__" or "constructor" key.',
  bodyTooLarge: (limit: number) => `Request body too large: the limit is ${limit} bytes.`,
  unsupportedMediaType: () => 'Unsupported Content-Type: send the JSON-RPC message as application/json.',
  badRequest: () => 'Bad request.',
  batchNotSupported: () => 'JSON-RPC batches are not supported: send one JSON-RPC message per request.',
  internal: () => 'Internal error.',
  shuttingDown: () => 'Server is shutting down: retry on another replica.',
  draining: (path: string, active: number, deadlineMs: number) =>
    `Gateway ${path} draining: waiting for ${active} request(s) in flight (deadline ${deadlineMs} ms).`,
  drained: (path: string) => `Gateway ${path} drained: no request in flight.`,
  drainDeadline: (path: string, active: number) => `Gateway ${path} drain deadline passed with ${active} request(s) still in flight.`,
  unknownTool: (name: string) => `Unknown tool "${name}". Call tools/list for the tools this server offers.`,
  unknownPrompt: (name: string) => `Unknown prompt "${name}". Call prompts/list for the prompts this server offers.`,
  transportError: (cause: string) => `MCP transport reported: ${cause}`,
};
