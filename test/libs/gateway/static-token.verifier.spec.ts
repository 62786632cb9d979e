import { StaticTokenVerifier, parseTokenList } from '../../../libs/gateway/src/auth/static-token.verifier';

describe('StaticTokenVerifier', () => {
  const verifier = new StaticTokenVerifier(['alpha-token-1', { token: 'beta-token-22', id: 'ci-bot', scopes: ['incidents:write'] }]);

  it('maps each token to its caller', () => {
    expect(verifier.match('alpha-token-1')).toMatchObject({ id: 'static:token-1', authenticated: true, scopes: ['*'] });
    expect(verifier.match('beta-token-22')).toMatchObject({ id: 'static:ci-bot', scopes: ['incidents:write'] });
  });

  it('refuses a wrong token of the same length, a prefix and an empty token', () => {
    expect(verifier.match('alpha-token-2')).toBeUndefined();
    expect(verifier.match('alpha')).toBeUndefined();
    expect(verifier.match('')).toBeUndefined();
  });

  it('refuses to start with an empty token', () => {
    expect(() => new StaticTokenVerifier(['ok', '  '])).toThrow('Token #2 of the gateway is empty');
  });
});

describe('parseTokenList', () => {
  it('reads comma-separated tokens, optionally named id=token', () => {
    expect(parseTokenList(' tok1 , ops=tok2,,YWJj== ')).toEqual([{ token: 'tok1' }, { id: 'ops', token: 'tok2' }, { token: 'YWJj==' }]);
    expect(parseTokenList('viewer=tok3[catalog:read incidents:read]')).toEqual([{ id: 'viewer', token: 'tok3', scopes: ['catalog:read', 'incidents:read'] }]);
    expect(parseTokenList(undefined)).toEqual([]);
  });
});
