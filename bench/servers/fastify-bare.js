'use strict';
// The ceiling: a bare Fastify route POST /mcp that answers a tools/call with a fixed JSON-RPC
// result (the request's id and message echoed back, nothing else: no MCP SDK, no validation).
// With BENCH_PG=1 the same route runs the PostgreSQL scenario's query with raw `pg` (pool max 10)
// and answers with the row as JSON text, like the Skillnest tool does.
//
// Env: PORT, BENCH_PG = 1.
const Fastify = require('fastify');
const common = require('./common');

const app = Fastify({ logger: false });
common.addFastifyMemoryRoute(app);

if (process.env.BENCH_PG === '1') {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: common.pgConnectionString(), max: 10 });
  app.post('/mcp', async (request) => {
    const body = request.body;
    const { rows } = await pool.query(common.PG_QUERY, [body.params.arguments.id]);
    return { jsonrpc: '2.0', id: body.id, result: { content: [{ type: 'text', text: JSON.stringify(rows[0] ?? null) }] } };
  });
  common.exitOnSignals(() => Promise.all([app.close(), pool.end()]));
} else {
  app.post('/mcp', async (request) => {
    const body = request.body;
    return { jsonrpc: '2.0', id: body.id, result: { content: [{ type: 'text', text: body.params.arguments.message }] } };
  });
  common.exitOnSignals(() => app.close());
}

app.listen({ port: common.port(), host: '127.0.0.1' }).catch(common.fatal);
