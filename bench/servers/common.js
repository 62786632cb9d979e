'use strict';
// Shared by every bench server entry: the bench-only memory route and tool fixtures, so that
// all servers expose exactly the same tools. Nothing here is part of Skillnest itself.

/** The message every tools/call sends and expects back. */
const ECHO_MESSAGE = 'skillnest bench echo';

/** Tool count of this server process: BENCH_TOOLS = 1 (echo only), 5 or 50. */
function toolCount() {
  const n = Number(process.env.BENCH_TOOLS || 1);
  if (![1, 5, 50].includes(n)) throw new Error(`BENCH_TOOLS must be 1, 5 or 50, got ${process.env.BENCH_TOOLS}`);
  return n;
}

/** Names and descriptions of the extra tools tool_01..tool_NN (besides echo). */
function extraTools(total) {
  const tools = [];
  for (let i = 1; i < total; i++) {
    const name = `tool_${String(i).padStart(2, '0')}`;
    tools.push({ name, description: `Bench tool ${i}: looks up items matching a query (returns the query)` });
  }
  return tools;
}

/** The text every extra tool returns for an input `{ query, limit? }`. */
function extraToolText(name, input) {
  return `${name}: ${input.query} (${input.limit ?? 10})`;
}

/** Memory after two full GCs (the process must run with --expose-gc). */
function memorySnapshot() {
  const gced = typeof global.gc === 'function';
  if (gced) {
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  return { gc: gced, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, extra: benchStats() };
}

let statsProvider = () => undefined;
/** Lets a server add its own figures (for example open sessions) to the memory report. */
function setStatsProvider(fn) {
  statsProvider = fn;
}
function benchStats() {
  try {
    return statsProvider();
  } catch {
    return undefined;
  }
}

const MEMORY_PATH = '/__bench/memory';

/** For node:http servers: answers GET /__bench/memory; returns true when it did. */
function handleNodeMemoryRoute(req, res) {
  if (req.method !== 'GET' || req.url !== MEMORY_PATH) return false;
  const body = JSON.stringify(memorySnapshot());
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

/** For Fastify instances (Nest's included): GET /__bench/memory. */
function addFastifyMemoryRoute(fastify) {
  fastify.get(MEMORY_PATH, async () => memorySnapshot());
}

function port() {
  const p = Number(process.env.PORT);
  if (!p) throw new Error('PORT is required');
  return p;
}

/** Exit on SIGTERM/SIGINT without a drain: the runner only stops a server between runs. */
function exitOnSignals(close) {
  const stop = () => {
    Promise.resolve()
      .then(close)
      .catch(() => undefined)
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Fails the process loudly if startup goes wrong, so the runner sees it at once. */
function fatal(error) {
  console.error(`bench server failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
}

/** `SELECT id, name FROM bench_items WHERE id = $1`: the PostgreSQL scenario's one query. */
const PG_QUERY = 'SELECT id, name FROM bench_items WHERE id = $1';
function pgConnectionString() {
  return process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

module.exports = {
  ECHO_MESSAGE,
  MEMORY_PATH,
  PG_QUERY,
  addFastifyMemoryRoute,
  exitOnSignals,
  extraToolText,
  extraTools,
  fatal,
  handleNodeMemoryRoute,
  memorySnapshot,
  pgConnectionString,
  port,
  setStatsProvider,
  toolCount,
};
