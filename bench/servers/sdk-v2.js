'use strict';
// Peer: the official MCP TypeScript SDK v2 used directly, the way its docs serve HTTP:
// createMcpHandler(factory) with a NEW McpServer per request, on plain node:http through
// toNodeHandler, with the localhost Host/Origin guards in front (docs: serving/http.md).
// Serves 2026-07-28 clients and, by the handler's default legacy: 'stateless', 2025 clients.
//
// With BENCH_AUTH (see peer-auth.js), the SDK's own `verifyBearerToken` checks the header first and
// `req.auth` carries the AuthInfo into the handler, as the SDK's docs show for node:http.
//
// Env: PORT, BENCH_TOOLS = 1 | 5 | 50, BENCH_AUTH and its settings (peer-auth.js).
const http = require('node:http');
const { createMcpHandler, McpServer, OAuthError, OAuthErrorCode, verifyBearerToken } = require('@modelcontextprotocol/server');
const { localhostHostValidation, localhostOriginValidation, toNodeHandler } = require('@modelcontextprotocol/node');
const z = require('zod');
const common = require('./common');
const { peerVerifier, refuse } = require('./peer-auth');

const extra = common.extraTools(common.toolCount());
const echoInput = z.object({ message: z.string().max(1000) });
const lookupInput = z.object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(100).optional() });

const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'sdk-v2-bench', version: '0.1.0' });
  server.registerTool('echo', { description: 'Returns the message it is given', inputSchema: echoInput }, async ({ message }) => ({
    content: [{ type: 'text', text: message }],
  }));
  for (const { name, description } of extra) {
    server.registerTool(name, { description, inputSchema: lookupInput }, async (input) => ({
      content: [{ type: 'text', text: common.extraToolText(name, input) }],
    }));
  }
  return server;
});

const serve = toNodeHandler(handler);
const check = peerVerifier();
const verifier = {
  async verifyAccessToken(token) {
    const claims = await check(token);
    if (!claims) throw new OAuthError(OAuthErrorCode.InvalidToken, 'invalid token');
    return { token, clientId: claims.sub, scopes: claims.scopes, expiresAt: claims.exp };
  },
};
/** Serves an authenticated request once its token verified; a 401 otherwise. */
function authenticated(req, res) {
  verifyBearerToken(req.headers.authorization, { verifier }).then(
    (auth) => {
      req.auth = auth;
      void serve(req, res);
    },
    () => refuse(res),
  );
}

const validateHost = localhostHostValidation();
const validateOrigin = localhostOriginValidation();
const server = http.createServer((req, res) => {
  if (common.handleNodeMemoryRoute(req, res)) return;
  if (!validateHost(req, res) || !validateOrigin(req, res)) return;
  if (req.url !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  if (check) authenticated(req, res);
  else void serve(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(common.port(), '127.0.0.1');
common.exitOnSignals(() => handler.close());
