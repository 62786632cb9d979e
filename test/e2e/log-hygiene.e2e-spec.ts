import { connect } from 'node:net';
import { startErrorProbeApp, type ErrorProbeApp } from '../support/error-probe-app';
import { callToolOverHttp, modernRequest } from '../support/mcp-http';

/** Client text that would colour, hide, reorder or forge log lines if written raw. */
const HOSTILE = 'evil\u001b[31mred\u0000nul\u007fdel\u2028ls\u202eevo\r[Nest] 1 - forged LOG';
const ESCAPED = 'evil\\x1b[31mred\\x00nul\\x7fdel\\u2028ls\\u202eevo\\r[Nest] 1 - forged LOG';
/** Every character a log line must not carry raw. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A request with header bytes a fetch client would refuse to send (C1 CSI 0x9B, U+202E as UTF-8). */
function rawRequest(port: number, path: string, headerBytes: Buffer, body: string): Promise<string> {
  const head = Buffer.from(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\naccept: application/json, text/event-stream\r\n` +
      `mcp-protocol-version: 2026-07-28\r\nmcp-method: tools/call\r\ncontent-length: ${Buffer.byteLength(body)}\r\nmcp-name: `,
  );
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.concat([head, headerBytes, Buffer.from(`\r\n\r\n${body}`)])));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('client text in log lines', () => {
  let probe: ErrorProbeApp;
  beforeAll(async () => (probe = await startErrorProbeApp()));
  afterAll(async () => probe?.close());

  const newLines = (from: number) => probe.logs.lines.slice(from);
  const expectClean = (lines: string[]) => {
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
    expect(lines.some((line) => line.startsWith('[Nest]'))).toBe(false);
  };

  it.each(['/mcp/fast', '/mcp/sdk'])('escapes a hostile tool name the SDK quotes in its transport error (%s)', async (path) => {
    const from = probe.logs.lines.length;
    const answer = await modernRequest(probe.origin + path, 'tools/call', { name: HOSTILE, arguments: {} }, { 'mcp-name': 'probe_parse' });
    expect(answer.status).toBe(400);
    const lines = newLines(from);
    expect(lines.filter((line) => line.includes(ESCAPED))).toHaveLength(1);
    expectClean(lines);
  });

  it.each(['/mcp/fast', '/mcp/sdk'])('escapes hostile text a failing skill quotes from the body (%s)', async (path) => {
    const from = probe.logs.lines.length;
    const outcome = await callToolOverHttp(probe.origin + path, 'probe_parse', { text: HOSTILE });
    expect(outcome.result).toMatchObject({ isError: true });
    const lines = newLines(from);
    expect(lines).toEqual([expect.stringContaining(`cannot parse "${ESCAPED}"`)]);
    expectClean(lines);
  });

  it('escapes C1 and bidi characters a header brings in', async () => {
    const from = probe.logs.lines.length;
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'probe_parse',
        arguments: { text: 'a' },
        _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
      },
    });
    // Node reads header bytes as latin1: 0x9B is the 8-bit CSI, and U+202E arrives as â, C1 0x80 and ®.
    const header = Buffer.concat([Buffer.from('forged'), Buffer.from([0x9b]), Buffer.from('31m'), Buffer.from('\u202e', 'utf8')]);
    const answer = await rawRequest(Number(new URL(probe.origin).port), '/mcp/sdk', header, body);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    const lines = newLines(from);
    expect(lines.filter((line) => line.includes('forged\\x9b31m\u00e2\\x80\u00ae'))).toHaveLength(1);
    expectClean(lines);
  });
});
