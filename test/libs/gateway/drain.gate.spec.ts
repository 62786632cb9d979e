import { IncomingMessage, ServerResponse, createServer, request } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
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
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    gate.enter(response);
    const drained = gate.drained(1_000);
    gate.leave(response);
    await expect(drained).resolves.toBe(true);
  });

  it('cuts the exchanges still open when asked (the last step of a drain past its deadline)', async () => {
    const gate = new DrainGate();
    const server = createServer((_req, response) => gate.track(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
    const failed = new Promise<Error>((resolve) => client.on('error', resolve));
    client.end('{}');
    await new Promise<void>((resolve) => server.once('request', () => setImmediate(resolve)));
    expect(gate.active).toBe(1);
    const drained = gate.drained(10_000);
    expect(gate.cut()).toBe(1);
    await expect(drained).resolves.toBe(true);
    expect((await failed).message).toMatch(/socket hang up|ECONNRESET/);
    server.close();
  });
});
