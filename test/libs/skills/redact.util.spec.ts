import { describeCause } from '@skillnest/skills/internal';

describe('describeCause', () => {
  it('keeps the error name and first line, drops the stack', () => {
    const error = new TypeError('cannot read properties of undefined\n    at Foo.bar (/app/src/foo.ts:1:2)');
    expect(describeCause(error)).toBe('TypeError: cannot read properties of undefined');
  });

  it('removes file paths, addresses, URLs and bearer tokens', () => {
    const line = describeCause(new Error("ENOENT open '/srv/app/secrets/key.pem' via 10.1.2.3:5432 postgres://u:p@db:5432/x Bearer abc.def-ghi"));
    expect(line).toBe("Error: ENOENT open '<path>' via <address> <url> Bearer <redacted>");
  });

  it('describes thrown non-errors without their content', () => {
    expect(describeCause({ password: 'x' })).toBe('non-error value thrown (object)');
  });
});
