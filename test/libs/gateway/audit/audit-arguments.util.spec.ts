import { createHash } from 'node:crypto';
import { argumentsDigest, auditedArguments, canonicalJson } from '../../../../libs/gateway/src/observe/audit/audit-arguments.util';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('canonical JSON and the arguments digest', () => {
  it('sorts keys at every level and writes no whitespace, so key order does not change the digest', () => {
    const a = { b: [3, { y: 1, x: 'é' }], a: null, c: { z: true, d: 1.5 } };
    const b = { c: { d: 1.5, z: true }, a: null, b: [3, { x: 'é', y: 1 }] };
    expect(canonicalJson(a)).toBe('{"a":null,"b":[3,{"x":"é","y":1}],"c":{"d":1.5,"z":true}}');
    expect(argumentsDigest(a)).toBe(argumentsDigest(b));
    expect(argumentsDigest(a)).toBe(sha256(canonicalJson(a)));
  });

  it('leaves undefined members out as JSON does, and counts no arguments as {}', () => {
    expect(canonicalJson({ a: undefined, b: 1, c: [undefined] })).toBe('{"b":1,"c":[null]}');
    expect(argumentsDigest(undefined)).toBe(sha256('{}'));
    expect(argumentsDigest({})).toBe(sha256('{}'));
  });

  it('writes strings and numbers as JSON.stringify does', () => {
    expect(canonicalJson({ s: 'a"\n\u0000', n: 1e21, m: -0, big: 2 ** 64 })).toBe(`{"big":18446744073709552000,"m":0,"n":1e+21,"s":${JSON.stringify('a"\n\u0000')}}`);
  });

  it('orders keys that are array indexes first, numerically, whatever order the client wrote', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"10":2,"9":3,"a":{"z":0,"1":1}}'))).toBe('{"9":3,"10":2,"a":{"1":1,"z":0},"b":1}');
    expect(argumentsDigest(JSON.parse('{"9":3,"b":1,"10":2}'))).toBe(argumentsDigest(JSON.parse('{"b":1,"10":2,"9":3}')));
  });

  it('copies nothing when the keys already are in order', () => {
    const args = { a: 1, b: { c: [1, { d: 2 }] } };
    expect(canonicalJson(args)).toBe(JSON.stringify(args));
  });

  it('stays bounded on a value nested deeper than JSON from the wire ever is', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 10_000; level++) deep = [deep];
    expect(() => argumentsDigest(deep)).not.toThrow();
  });
});

describe('the arguments a tool keeps', () => {
  it('replaces values under secret-looking names, and secrets written out in strings', () => {
    const kept = auditedArguments(
      {
        user: 'ana',
        password: 'hunter2',
        db_password: 'x',
        apiKey: 'k',
        'x-api-key': 'k',
        Authorization: 'Basic abc',
        access_token: 't',
        nested: { clientSecret: 's', list: [{ token: 't' }] },
        note: 'use password=hunter2; or Bearer eyJ.abc.def',
        dsn: 'postgres://app:pw@db:5432/x',
      },
      8_192,
    );
    expect(kept).toEqual({
      user: 'ana',
      password: '<redacted>',
      db_password: '<redacted>',
      apiKey: '<redacted>',
      'x-api-key': '<redacted>',
      Authorization: '<redacted>',
      access_token: '<redacted>',
      nested: { clientSecret: '<redacted>', list: [{ token: '<redacted>' }] },
      note: 'use password=<redacted>; or Bearer <redacted>',
      dsn: 'postgres://<redacted>@db:5432/x',
    });
  });

  it('cuts long strings, long lists, deep nesting, and stays within the bound', () => {
    const kept = auditedArguments({ text: 'a'.repeat(5_000), list: Array.from({ length: 200 }, (_, index) => index) }, 8_192) as { text: string; list: unknown[] };
    expect(kept.text).toHaveLength(515);
    expect(kept.list).toHaveLength(51);
    expect(kept.list[50]).toBe('<150 more>');
    let deep: unknown = 'bottom';
    for (let level = 0; level < 20; level++) deep = { level: deep };
    expect(JSON.stringify(auditedArguments(deep, 8_192))).toContain('"<deep>"');

    const many = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`field${index}`, 'x'.repeat(500)]));
    const bounded = auditedArguments(many, 4_096);
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(4_096);
    expect(bounded).toHaveProperty(['<cut>']);
    // Multi-byte text the character budget lets through is cut as a whole.
    expect(auditedArguments({ text: '€'.repeat(500), more: '€'.repeat(500) }, 2_000)).toEqual({ '<cut>': 'the arguments exceed 2000 bytes' });
  });

  it('keeps a __proto__ key as a key', () => {
    const kept = auditedArguments(JSON.parse('{"__proto__":{"polluted":true}}'), 8_192) as Record<string, unknown>;
    expect(Object.keys(kept)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
