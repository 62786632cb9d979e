import { describeCause, logSafe } from '@skillnest/skills/internal';

describe('logSafe', () => {
  it('leaves ordinary text, quotes and non-Latin letters alone', () => {
    const text = 'tool "incident_open" by ops@example.com: Größe, 東京, emoji 🚀';
    expect(logSafe(text)).toBe(text);
  });

  it('escapes C0 controls, DEL and C1 controls', () => {
    expect(logSafe('a\r\nb\tc\u0000d\u001b[31me\u007ff\u0085g\u009bh')).toBe('a\\r\\nb\\tc\\x00d\\x1b[31me\\x7ff\\x85g\\x9bh');
  });

  it('escapes line and paragraph separators and bidirectional controls', () => {
    expect(logSafe('\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c')).toBe(
      '\\u2028\\u2029\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c',
    );
  });

  it('is applied by describeCause after redaction', () => {
    expect(describeCause(new Error('bad name "x\u001b[2J\u0000" from 10.0.0.7:80\r forged'))).toBe('Error: bad name "x\\x1b[2J\\x00" from <address>\\r forged');
  });

  it('gives the same answer on repeated calls (the global pattern keeps no state between them)', () => {
    for (let round = 0; round < 3; round++) expect(logSafe('x\u0007')).toBe('x\\x07');
  });
});
