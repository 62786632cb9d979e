import { bearerChallenge, quotedString } from '../../../libs/gateway/src/auth/bearer-challenge.util';

describe('bearerChallenge', () => {
  it('escapes " and \\ so that a value can neither end its string nor add a parameter (RFC 9110 quoted-string)', () => {
    expect(quotedString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(bearerChallenge({ error: 'invalid_token', resource_metadata: 'https://x", scope="*' })).toBe(
      'Bearer error="invalid_token", resource_metadata="https://x\\", scope=\\"*"',
    );
  });

  it('drops CR, LF, other control characters and non-ASCII, which could split or garble the header', () => {
    expect(quotedString('a\r\nSet-Cookie: x\u0000\u001b[31m\u007f\u00e9')).toBe('"aSet-Cookie: x[31m"');
  });

  it('keeps error_description free of " and \\ altogether (RFC 6750), and leaves out undefined parameters', () => {
    expect(bearerChallenge({ error: 'invalid_token', error_description: 'send "Authorization: Bearer <token>" \\o/', resource_metadata: undefined })).toBe(
      `Bearer error="invalid_token", error_description="send 'Authorization: Bearer <token>' /o/"`,
    );
  });
});
