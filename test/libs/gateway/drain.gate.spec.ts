import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DrainGate } from '../../../libs/gateway/src/http/drain.gate';

/** A real response whose client disconnects before the server answers. */
async function abandonedResponse(): Promise<{ response: ServerResponse; close: () => void }> {
  return new Promise((resolve) => {
    const server = createServer((_req, response) => {
      response.once('close', () => resolve({ response, close: () => server.close() }));
    });
    server.listen(0, '127.0.0.1', () => {
      const client = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
      client.on('error', () => undefined);
      client.write('{}');
      setTimeout(() => client.destroy(), 20);
    });
  });
}

describe('DrainGate', () => {
  it('does not count a response that already closed, so a drain does not wait for it', async () => {
    const { response, close } = await abandonedResponse();
    const gate = new DrainGate();
    gate.track(response);
    expect(gate.active).toBe(0);
    await expect(gate.drained(50)).resolves.toBe(true);
    close();
  });

  it('counts an exchange until leave, and a drain waits for it', async () => {
    const gate = new DrainGate();
    gate.enter();
    const drained = gate.drained(1_000);
    gate.leave();
    await expect(drained).resolves.toBe(true);
  });
});
