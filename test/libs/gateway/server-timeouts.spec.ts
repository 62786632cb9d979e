import { GatewayConfigError } from '@skillnest/gateway';
import { fastifyServerTimeouts, serverTimeoutsFromEnv } from '../../../libs/gateway/src/http/server-timeouts';

/** The HTTP server's timeouts for receiving a request, from the environment, with their refusals. */
describe('server timeouts', () => {
  it('defaults to 30 s for the whole request and 10 s for its headers', () => {
    expect(serverTimeoutsFromEnv({})).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect(serverTimeoutsFromEnv({ SKILLNEST_REQUEST_TIMEOUT_MS: ' 45000 ', SKILLNEST_HEADERS_TIMEOUT_MS: '5000' })).toEqual({
      requestTimeoutMs: 45_000,
      headersTimeoutMs: 5_000,
    });
  });

  it('keeps the default headers timeout within a shorter request timeout', () => {
    expect(serverTimeoutsFromEnv({ SKILLNEST_REQUEST_TIMEOUT_MS: '4000' })).toEqual({ requestTimeoutMs: 4_000, headersTimeoutMs: 4_000 });
  });

  it('refuses to start with a value that is no whole positive number of milliseconds', () => {
    for (const value of ['0', '-1', '1.5', '30s', 'abc']) {
      expect(() => serverTimeoutsFromEnv({ SKILLNEST_REQUEST_TIMEOUT_MS: value })).toThrow(GatewayConfigError);
      expect(() => serverTimeoutsFromEnv({ SKILLNEST_REQUEST_TIMEOUT_MS: value })).toThrow(
        /^requestTimeoutMs \(SKILLNEST_REQUEST_TIMEOUT_MS\) ".*" is not valid: use a whole number of milliseconds, 1 or more\.$/,
      );
      expect(() => serverTimeoutsFromEnv({ SKILLNEST_HEADERS_TIMEOUT_MS: value })).toThrow(/^headersTimeoutMs \(SKILLNEST_HEADERS_TIMEOUT_MS\) /);
    }
  });

  it('refuses a headers timeout above the request timeout, naming both settings', () => {
    expect(() => serverTimeoutsFromEnv({ SKILLNEST_REQUEST_TIMEOUT_MS: '5000', SKILLNEST_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      'SKILLNEST_HEADERS_TIMEOUT_MS (6000) must not exceed SKILLNEST_REQUEST_TIMEOUT_MS (5000): the headers are part of the request.',
    );
  });

  it('hands Node both timeouts and a check every second when the server is created, and Fastify the request timeout it sets again', () => {
    const options = fastifyServerTimeouts({ requestTimeoutMs: 20_000, headersTimeoutMs: 8_000 });
    expect(options.requestTimeout).toBe(20_000);
    expect(options.http).toEqual({ requestTimeout: 20_000, headersTimeout: 8_000, connectionsCheckingInterval: 1_000 });
    expect(typeof options.clientErrorHandler).toBe('function');
  });
});
