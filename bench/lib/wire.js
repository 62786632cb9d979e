'use strict';
// What goes on the wire, and how an answer is judged. The requests are copies of what the
// official client @modelcontextprotocol/client 2.4 sends (captured from a real Client against a
// local server): same headers, same body shape, same `_meta` envelope on the 2026-07-28 wire.

const MODERN_VERSION = '2026-07-28';
const LEGACY_VERSION = '2025-11-25';
const CLIENT_INFO = { name: 'skillnest-bench', version: '0.1.0' };

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/**
 * One JSON-RPC request as a real client sends it.
 * wire 'modern': 2026-07-28 (MCP-Protocol-Version, Mcp-Method, Mcp-Name headers and the
 *   per-request `_meta` envelope); no initialize, no session.
 * wire 'legacy': a 2025-11-25 client's request after its (stateless) initialize: the
 *   MCP-Protocol-Version header it negotiated, no `_meta`, no session id.
 */
function buildRequest({ wire, method, params = {}, id = 1, sessionId, capabilities = {} }) {
  const headers = { ...BASE_HEADERS };
  let body;
  if (wire === 'modern') {
    headers['mcp-protocol-version'] = MODERN_VERSION;
    headers['mcp-method'] = method;
    if (method === 'tools/call' || method === 'prompts/get') headers['mcp-name'] = params.name;
    if (method === 'resources/read') headers['mcp-name'] = params.uri;
    // SEP-2663 routing header of the Tasks extension's methods.
    if (method.startsWith('tasks/')) headers['mcp-name'] = params.taskId;
    body = {
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
          'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
          'io.modelcontextprotocol/clientCapabilities': capabilities,
        },
      },
      jsonrpc: '2.0',
      id,
    };
  } else if (wire === 'legacy') {
    if (method !== 'initialize') headers['mcp-protocol-version'] = LEGACY_VERSION;
    if (sessionId) headers['mcp-session-id'] = sessionId;
    body = { method, params, jsonrpc: '2.0', id };
  } else {
    throw new Error(`unknown wire ${wire}`);
  }
  return { headers, body: JSON.stringify(body) };
}

function initializeRequest(id = 0) {
  return buildRequest({
    wire: 'legacy',
    method: 'initialize',
    params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
    id,
  });
}

function initializedNotification(sessionId) {
  const headers = { ...BASE_HEADERS, 'mcp-protocol-version': LEGACY_VERSION };
  if (sessionId) headers['mcp-session-id'] = sessionId;
  return { headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) };
}

/** The JSON-RPC messages of a response body, JSON or SSE (`event: message\ndata: {...}`). */
function parseMessages(text) {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const value = JSON.parse(trimmed);
    return Array.isArray(value) ? value : [value];
  }
  const messages = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data) messages.push(JSON.parse(data));
  }
  return messages;
}

/**
 * What a successful answer must contain.
 * { kind: 'text', text }          tools/call: result.content[0].text === text
 * { kind: 'textIncludes', text }  tools/call: result.content[0].text includes text
 * { kind: 'tools', count, last }  tools/list: exactly `count` tools, one of them named `last`
 * { kind: 'initialize' }          initialize: result.protocolVersion present
 * { kind: 'task' }                tools/call: a CreateTaskResult (resultType "task", a taskId)
 * { kind: 'taskState', taskId }   tasks/get: that task's state
 */
function judge(text, expect, id) {
  let messages;
  try {
    messages = parseMessages(text);
  } catch (error) {
    return `body is neither JSON nor SSE JSON: ${String(error.message).slice(0, 80)}`;
  }
  const response = messages.find((m) => m && (m.result !== undefined || m.error !== undefined) && (id === undefined || m.id === id));
  if (!response) return 'no JSON-RPC response in body';
  if (response.jsonrpc !== '2.0') return 'jsonrpc is not "2.0"';
  if (response.error !== undefined) return `JSON-RPC error ${JSON.stringify(response.error).slice(0, 160)}`;
  const result = response.result;
  if (!result || typeof result !== 'object') return 'result is not an object';
  if (result.isError) return `tool answered isError: ${JSON.stringify(result.content).slice(0, 160)}`;
  switch (expect.kind) {
    case 'text':
    case 'textIncludes': {
      const first = Array.isArray(result.content) ? result.content[0] : undefined;
      if (!first || first.type !== 'text' || typeof first.text !== 'string') return 'no text content';
      if (expect.kind === 'text' ? first.text !== expect.text : !first.text.includes(expect.text)) {
        return `unexpected text ${JSON.stringify(first.text).slice(0, 120)}`;
      }
      return null;
    }
    case 'tools':
      if (!Array.isArray(result.tools)) return 'no tools array';
      if (result.tools.length !== expect.count) return `expected ${expect.count} tools, got ${result.tools.length}`;
      if (expect.last && !result.tools.some((t) => t.name === expect.last)) return `tool ${expect.last} missing`;
      return null;
    case 'initialize':
      return typeof result.protocolVersion === 'string' ? null : 'no protocolVersion';
    case 'task':
      return result.resultType === 'task' && typeof result.taskId === 'string' ? null : `not a CreateTaskResult: ${JSON.stringify(result).slice(0, 120)}`;
    case 'taskState':
      return result.taskId === expect.taskId && typeof result.status === 'string' ? null : `not the task's state: ${JSON.stringify(result).slice(0, 120)}`;
    default:
      return `unknown expectation ${expect.kind}`;
  }
}

/**
 * The same checks as plain substrings, for wrk's Lua `response()` hook (no JSON parser there):
 * every `needles` entry must occur, no `forbidden` entry may.
 */
function substringChecks(expect) {
  const needles = ['"jsonrpc":"2.0"', '"result":'];
  if (expect.kind === 'text' || expect.kind === 'textIncludes') {
    // The text sits inside a JSON string: look for its escaped form.
    needles.push(expect.kind === 'text' ? `"text":${JSON.stringify(expect.text)}` : JSON.stringify(expect.text).slice(1, -1));
  }
  if (expect.kind === 'task') needles.push('"resultType":"task"', '"taskId":');
  if (expect.kind === 'taskState') needles.push(`"taskId":${JSON.stringify(expect.taskId)}`);
  if (expect.kind === 'tools') {
    needles.push('"tools":[');
    if (expect.last) needles.push(`"name":"${expect.last}"`);
    // Exactly `count` tools: every tool of every peer carries one inputSchema.
    return { needles, forbidden: ['"isError":true', '"error":{'], count: { needle: '"inputSchema":', equals: expect.count } };
  }
  return { needles, forbidden: ['"isError":true', '"error":{'] };
}

module.exports = {
  LEGACY_VERSION,
  MODERN_VERSION,
  buildRequest,
  initializeRequest,
  initializedNotification,
  judge,
  parseMessages,
  substringChecks,
};
