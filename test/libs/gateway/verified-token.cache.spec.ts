import { createVerifiers } from '../../../libs/gateway/src/auth/verifiers.factory';
import { InvalidTokenError, VerifierUnavailableError } from '../../../libs/gateway/src/auth/token-verifier.interface';
import { DEFAULT_TOKEN_CACHE_LIMITS, VerifiedTokenCache } from '../../../libs/gateway/src/auth/verified-token.cache';
import { gatewayOptionsFromEnv } from '../../../libs/gateway/src/gateway-env.util';

describe('VerifiedTokenCache', () => {
  const cache = () => new VerifiedTokenCache<string>({ ...DEFAULT_TOKEN_CACHE_LIMITS });

  it('never remembers an outage: the next request asks again', async () => {
    const tokens = cache();
    const verify = jest.fn().mockRejectedValueOnce(new VerifierUnavailableError('down')).mockResolvedValueOnce({ value: 'ana' });
    await expect(tokens.resolve('t', verify)).rejects.toBeInstanceOf(VerifierUnavailableError);
    await expect(tokens.resolve('t', verify)).resolves.toBe('ana');
    await expect(tokens.resolve('t', verify)).resolves.toBe('ana');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('answers a remembered refusal with the same reason as the first', async () => {
    const tokens = cache();
    const verify = jest.fn().mockRejectedValue(new InvalidTokenError('no subject'));
    await expect(tokens.resolve('t', verify)).rejects.toThrow('no subject');
    await expect(tokens.resolve('t', verify)).rejects.toThrow('no subject');
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('does not reuse a token past its own exp', async () => {
    const tokens = cache();
    const verify = jest.fn().mockResolvedValue({ value: 'ana', expiresAtMs: Date.now() - 1 });
    await tokens.resolve('t', verify);
    await tokens.resolve('t', verify);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});

describe('token cache settings', () => {
  it.each([
    ['SKILLNEST_TOKEN_CACHE_MAX', '0', 'tokenCache.maxEntries (SKILLNEST_TOKEN_CACHE_MAX) 0 is not valid: use a whole number, 1 or more.'],
    ['SKILLNEST_TOKEN_CACHE_MS', 'soon', 'tokenCache.maxAgeMs (SKILLNEST_TOKEN_CACHE_MS) NaN is not valid: use a whole number, 0 or more.'],
    ['SKILLNEST_TOKEN_REFUSED_CACHE_MS', '-1', 'tokenCache.refusedMaxAgeMs (SKILLNEST_TOKEN_REFUSED_CACHE_MS) -1 is not valid'],
    ['SKILLNEST_INTROSPECTION_MAX_IN_FLIGHT', '1.5', 'introspection.maxInFlight (SKILLNEST_INTROSPECTION_MAX_IN_FLIGHT) 1.5 is not valid'],
  ])('refuses to start with %s=%s, naming the setting', (name, value, message) => {
    const env = { SKILLNEST_INTROSPECTION_URL: 'https://idp.example/introspect', SKILLNEST_RESOURCE_URL: 'https://mcp.example/mcp', [name]: value };
    expect(() => createVerifiers(gatewayOptionsFromEnv(env))).toThrow(message);
  });
});
