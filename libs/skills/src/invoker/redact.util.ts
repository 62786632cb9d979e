// Error messages from drivers and the runtime can carry file paths, addresses, credentials in
// URLs or bearer tokens. Logs must not, so every cause is passed through here first. No library
// covers this exact set, and it is a handful of patterns.
const PATTERNS: Array<[RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, '<url>'],
  [/\bBearer\s+[^\s'",]+/gi, 'Bearer <redacted>'],
  [/(?:[A-Za-z]:)?(?:[\\/][\w.@-]+){2,}[\\/]?/g, '<path>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<address>'],
  [/\[?(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\]?(?::\d+)?|\[?::1\]?(?::\d+)?/gi, '<address>'],
];

const MAX_LENGTH = 300;

/** One line describing a thrown value, safe for logs: no stack, path, address, URL or token. */
export function describeCause(error: unknown): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : `non-error value thrown (${typeof error})`;
  let line = raw.split('\n')[0];
  for (const [pattern, replacement] of PATTERNS) line = line.replace(pattern, replacement);
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH)}...` : line;
}
