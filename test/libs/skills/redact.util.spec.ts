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

  it('describes a 160 KB hostile message by its first 300 characters, redacting a URL cut at the scan window', () => {
    const hostile = new Error(`Unknown tool ${'a.'.repeat(80_000)}`);
    expect(describeCause(hostile)).toBe(`Error: Unknown tool ${'a.'.repeat(140)}...`.replace(/^(.{300}).*\.\.\.$/, '$1...'));
    const cut = new Error(`${'x'.repeat(1_190)} postgres://user:pw@db.internal:5432/app`);
    expect(describeCause(cut)).not.toMatch(/postgres|pw@|db\.internal/);
  });
});
