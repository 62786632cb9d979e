import { envelopeProblem } from '../../../libs/gateway/src/http/json-rpc-envelope.check';

/** Which JSON-RPC ids the gateway serves: strings and safe integers; null only on a response. */
describe('JSON-RPC envelope check', () => {
  it('passes string and integer ids, and notifications', () => {
    for (const id of ['abc', '', 0, -7, Number.MAX_SAFE_INTEGER]) expect(envelopeProblem({ jsonrpc: '2.0', id, method: 'ping' })).toBeUndefined();
    expect(envelopeProblem({ jsonrpc: '2.0', method: 'notifications/initialized' })).toBeUndefined();
  });

  it('refuses fractions, unsafe integers, null and other types on a request, naming the rule', () => {
    for (const id of [1.5, Number.MAX_SAFE_INTEGER + 1, Infinity, NaN, null, true, {}, [1]]) {
      expect(envelopeProblem({ jsonrpc: '2.0', id, method: 'tools/list' })).toMatch(/^Invalid request: a JSON-RPC id must be a string or an integer/);
    }
  });

  it('lets a response carry a null id (an error about an unreadable request), not a fraction', () => {
    expect(envelopeProblem({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'x' } })).toBeUndefined();
    expect(envelopeProblem({ jsonrpc: '2.0', id: 2.5, result: {} })).toMatch(/id must be/);
  });

  it('leaves what is no single message to the other checks', () => {
    for (const body of [undefined, null, 'text', 3, [{ id: 1.5 }]]) expect(envelopeProblem(body)).toBeUndefined();
  });
});
