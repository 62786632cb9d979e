import { parseMcpBody } from './mcp-http';

/** The raw-HTTP helper must hand back the answer to the request, never a notification sent before it. */
describe('parseMcpBody', () => {
  const sse = (...events: unknown[]) =>
    ['event: message', 'id: 0', 'data: ', '', ...events.flatMap((event) => ['event: message', `data: ${JSON.stringify(event)}`, ''])].join('\n');
  const log = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } };
  const progress = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } };
  const failed = { jsonrpc: '2.0', id: 1, result: { isError: true, content: [{ type: 'text', text: 'boom' }] } };

  it('skips the notifications a skill sends before its result', () => {
    expect(parseMcpBody(sse(log, progress, failed))).toEqual(failed);
    expect(parseMcpBody(sse(log, progress, failed), 1)).toEqual(failed);
  });

  it('takes the response whose id matches, and nothing when none does', () => {
    const other = { jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'no' } };
    expect(parseMcpBody(sse(other, failed), 1)).toEqual(failed);
    expect(parseMcpBody(sse(log, other), 1)).toBeUndefined();
    expect(parseMcpBody(sse(log, progress))).toBeUndefined();
  });

  it('reads a plain JSON body, and nothing from a body that is not JSON', () => {
    expect(parseMcpBody(JSON.stringify(failed))).toEqual(failed);
    expect(parseMcpBody('')).toBeUndefined();
    expect(parseMcpBody('<html>')).toBeUndefined();
  });
});
