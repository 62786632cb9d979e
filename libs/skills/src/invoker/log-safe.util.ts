// Characters that let text shape a log line rather than sit in it: C0 controls (CR and LF start
// a forged line, ESC starts a terminal sequence, NUL cuts some readers short), DEL, C1 controls
// (0x9B is an 8-bit CSI), the Unicode line and paragraph separators, and the bidirectional
// marks, embeddings, overrides and isolates (they make a line read differently than it is).
// One character class, one pass: linear in the length of the text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (char: string): string => {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text from a request (a tool name, a header, a caller id, an error message quoting either) as it
 * may appear in a log line: every control character escaped (`\r`, `\n`, `\x1b`, `\x00`, `\u202e`),
 * so a client can neither start a line of its own nor colour, hide or reorder what operators read.
 * Text without such characters is returned as is.
 */
export function logSafe(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escape) : text;
}
