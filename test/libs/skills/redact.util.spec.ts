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

  it.each([
    ['password=hunter2', 'password=<redacted>'],
    ['login failed: PASSWORD = hunter2; retrying', 'login failed: PASSWORD = <redacted>; retrying'],
    ['passwd:hunter2 pwd=hunter2', 'passwd:<redacted> pwd=<redacted>'],
    ['db_password=hunter2&user=app', 'db_password=<redacted>&user=app'],
    ['client_secret=abc123, grant=client_credentials', 'client_secret=<redacted>, grant=client_credentials'],
    ['secret: s3cr3t', 'secret: <redacted>'],
    ['token: abc.def-ghi for user', 'token: <redacted> for user'],
    ['access_token=ya29.a0AfH6 refresh_token=1//0g', 'access_token=<redacted> refresh_token=<redacted>'],
    ['api_key=sk-live-1 apikey=sk-live-2 x-api-key: sk-live-3', 'api_key=<redacted> apikey=<redacted> x-api-key: <redacted>'],
    ['Authorization: Basic dXNlcjpwYXNz was refused', 'Authorization: <redacted> was refused'],
    ['authorization=Bearer abc.def', 'authorization=<redacted>'],
    ['body {"password":"hunter 2","user":"app"}', 'body {"password":<redacted>,"user":"app"}'],
    ["config {'apiKey': 'k-123'}", "config {'apiKey': <redacted>}"],
    ['password="unclosed hunter2 and more', 'password=<redacted>'],
  ])('hides the value of a secret pair: %s', (message, expected) => {
    expect(describeCause(new Error(message))).toBe(`Error: ${expected}`);
  });

  it('hides the password of a connection string (with the rest of the URL)', () => {
    for (const url of ['postgres://app:hunter2@db.internal:5432/ledger', 'redis://default:hunter2@cache:6379', 'mongodb+srv://u:hunter2@cluster0.example.net/x']) {
      const line = describeCause(new Error(`cannot connect to ${url}`));
      expect(line).toBe('Error: cannot connect to <url>');
    }
  });

  it('keeps pairs whose names only look like secrets, and the word token in prose', () => {
    for (const message of ['max_tokens: 1024', 'secretary: Bob', 'Unexpected token } in JSON at position 5', 'tokenizer=fast']) {
      expect(describeCause(new Error(message))).toBe(`Error: ${message}`);
    }
  });

  it('redacts hostile repetitions of keys and separators within the cut window', () => {
    const hostile = new Error(`${'password:'.repeat(200)} ${'token="'.repeat(200)}`);
    expect(describeCause(hostile)).not.toMatch(/password:password/);
    const last = describeCause(new Error(`${' '.repeat(1_100)}password=hunter2`));
    expect(last).not.toContain('hunter2');
  });
});
