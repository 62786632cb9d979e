import { MCP_HEADERS } from './mcp-http';

/**
 * A raw 2026-07-28 `subscriptions/listen` stream: `next(pattern)` resolves with the first SSE
 * message (parsed) whose JSON matches, reading as far as needed; `close()` ends it.
 */
export async function openListen(origin: string, token: string, notifications: Record<string, unknown>, capabilities: Record<string, unknown>) {
  const abort = new AbortController();
  const response = await fetch(new URL('/mcp', origin), {
    method: 'POST',
    signal: abort.signal,
    headers: { ...MCP_HEADERS, authorization: `Bearer ${token}`, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'subscriptions/listen' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 'listen-1',
      method: 'subscriptions/listen',
      params: {
        notifications,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'listen-e2e', version: '1' },
          'io.modelcontextprotocol/clientCapabilities': capabilities,
        },
      },
    }),
  });
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const messages: Array<Record<string, unknown>> = [];
  let buffer = '';
  const next = async (matches: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
    for (;;) {
      const index = messages.findIndex(matches);
      if (index >= 0) return messages.splice(index, 1)[0];
      reader ??= response.body!.getReader();
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`the stream ended; it carried ${JSON.stringify(messages)}`);
      buffer += Buffer.from(chunk.value).toString('utf8');
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const data of frames.flatMap((frame) => frame.split('\n').filter((line) => line.startsWith('data: ')))) messages.push(JSON.parse(data.slice(6)));
    }
  };
  return { status: response.status, contentType: response.headers.get('content-type'), text: () => response.text(), next, close: () => abort.abort() };
}
