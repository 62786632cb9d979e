'use strict';
// Sessions peer: @modelcontextprotocol/sdk 1.32, the classic sessionful 2025 deployment from its
// docs, on plain node:http: `initialize` without a session id creates an McpServer and a
// StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID }) kept in a map; later requests
// carry `Mcp-Session-Id`; DELETE ends a session. The SDK has no idle expiry of its own, so this
// entry adds the usual one: a session idle for BENCH_SESSION_TTL_MS is closed by a sweeper.
//
// Env: PORT, BENCH_SESSION_TTL_MS (default 15000).
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { isInitializeRequest } = require('@modelcontextprotocol/sdk/types.js');
const z = require('zod');
const common = require('./common');

const TTL_MS = Number(process.env.BENCH_SESSION_TTL_MS || 15_000);
/** sessionId -> { transport, server, lastSeen } */
const sessions = new Map();
common.setStatsProvider(() => ({ sessions: sessions.size, sessionTtlMs: TTL_MS }));

function buildServer() {
  const server = new McpServer({ name: 'sdk-v1-bench', version: '0.1.0' });
  server.registerTool('echo', { description: 'Returns the message it is given', inputSchema: { message: z.string().max(1000) } }, async ({ message }) => ({
    content: [{ type: 'text', text: message }],
  }));
  return server;
}

function jsonError(res, status, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : undefined);
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

async function handle(req, res) {
  if (common.handleNodeMemoryRoute(req, res)) return;
  if (req.url !== '/mcp') return jsonError(res, 404, 'Not found');
  const sessionId = req.headers['mcp-session-id'];
  const body = req.method === 'POST' ? await readBody(req) : undefined;
  let entry = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
  if (!entry) {
    if (sessionId !== undefined) return jsonError(res, 404, 'Session not found');
    if (req.method !== 'POST' || !isInitializeRequest(body)) return jsonError(res, 400, 'Bad Request: No valid session ID provided');
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, entry);
      },
    });
    entry = { transport, server, lastSeen: Date.now() };
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
  }
  entry.lastSeen = Date.now();
  await entry.transport.handleRequest(req, res, body);
}

const sweeper = setInterval(
  () => {
    const cutoff = Date.now() - TTL_MS;
    for (const [id, entry] of sessions) {
      if (entry.lastSeen < cutoff) {
        sessions.delete(id);
        void entry.transport.close().catch(() => undefined);
        void entry.server.close().catch(() => undefined);
      }
    }
  },
  Math.min(1000, TTL_MS),
);
sweeper.unref();

const httpServer = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (!res.headersSent) jsonError(res, 500, String(error && error.message));
    else res.end();
  });
});
httpServer.keepAliveTimeout = 65_000;
httpServer.listen(common.port(), '127.0.0.1');
common.exitOnSignals(async () => {
  for (const entry of sessions.values()) await entry.transport.close().catch(() => undefined);
});
