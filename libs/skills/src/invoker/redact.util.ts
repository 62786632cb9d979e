import { logSafe } from './log-safe.util';

// Names whose value is a secret, also as part of a longer name (db_password, client_secret,
// access_token, x-api-key): `password=...`, `token: ...`, `"apiKey":"..."`.
const SECRET_KEYS = 'passw(?:or)?d|pwd|secret|token|api[_-]?key|authori[sz]ation';
// The key, what joins it to its value (a closing quote of a JSON key, `=` or `:`), then the value:
// quoted (an unclosed quote hides up to 256 characters), or up to a delimiter, with an auth scheme
// word kept out of its way. Every repetition is bounded or runs to a delimiter with nothing after
// it, so the cost is linear in the message.
const SECRET_PAIR = new RegExp(`(${SECRET_KEYS})(["']?\\s{0,3}[=:]\\s{0,3})(?:"[^"\\n]{0,256}"?|'[^'\\n]{0,256}'?|(?:(?:Bearer|Basic|Digest|Token)\\s+)?[^\\s,;&'"]+)`, 'gi');
const SECRET_NAME = new RegExp(SECRET_KEYS, 'i');
const BEARER = /\bBearer\s+[^\s'",]+/gi;
const BEARER_WORD = /bearer/i;
// The user and password part of a URL (`postgres://user:pass@host`).
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi;

// Error messages from drivers and the runtime can carry file paths, addresses, credentials in
// URLs (connection strings among them) or in key=value pairs, and bearer tokens. Logs must not,
// so every cause is passed through here first. No library covers this exact set, and it is a
// handful of patterns.
const PATTERNS: Array<[RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, '<url>'],
  [SECRET_PAIR, '$1$2<redacted>'],
  [BEARER, 'Bearer <redacted>'],
  [/(?:[A-Za-z]:)?(?:[\\/][\w.@-]+){2,}[\\/]?/g, '<path>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<address>'],
  [/\[?(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\]?(?::\d+)?|\[?::1\]?(?::\d+)?/gi, '<address>'],
];

/** Longest message `redactSecrets` keeps; a line is a line, not a payload. */
const MAX_LINE = 4000;

/**
 * A log message with its credentials hidden (`password=...`, `token: ...`, `"apiKey":"..."`,
 * bearer tokens, `user:password@` in URLs), control characters escaped and cut to 4,000
 * characters: what the app's logger applies to every line. Linear in the message.
 */
export function redactSecrets(text: string): string {
  // Credentials only (redactSecretText): addresses, paths and URLs stay, since the app's own lines state them on purpose.
  return logSafe(redactSecretText(text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}...` : text));
}

const MAX_LENGTH = 300;
/** How much of a message is looked at: enough for MAX_LENGTH after redaction shortened it. */
const SCAN_LENGTH = 4 * MAX_LENGTH;

/**
 * Whether a thrown value is an error by its shape: errors from another realm (a socket error in a
 * VM context, a worker) fail `instanceof Error` but carry the same name and message.
 */
export function isErrorLike(error: unknown): error is { name: string; message: string; code?: unknown } {
  return error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as Error).name === 'string' && typeof (error as Error).message === 'string');
}

/** One line describing a thrown value, safe for logs: no stack, path, address, URL or token, control characters escaped. */
export function describeCause(error: unknown): string {
  const raw = isErrorLike(error) ? `${error.name}: ${error.message}` : `non-error value thrown (${typeof error})`;
  // Cut before redacting: the patterns scan from every position, so their cost grows with the
  // square of the text, and a client can make an error message carry 100 KB of its input. A
  // secret cut at the edge still matches its pattern's start (scheme, `Bearer`, a path prefix).
  const newline = raw.indexOf('\n');
  let line = (newline === -1 ? raw : raw.slice(0, newline)).slice(0, SCAN_LENGTH);
  for (const [pattern, replacement] of PATTERNS) line = line.replace(pattern, replacement);
  // Cut before escaping, so an escape is never split; client text quoted in it cannot shape the line.
  return logSafe(line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH)}...` : line);
}

/** Whether a name (an argument, a header, a field) holds a secret by its look: password, secret, token, api key, authorization, also within a longer name. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * `text` with the secrets it writes out replaced: `password=...`-style pairs, bearer tokens and
 * credentials in URLs (the URLs themselves, paths and addresses are kept, unlike `describeCause`).
 * The patterns scan from every position: callers cut long text first.
 */
export function redactSecretText(text: string): string {
  // Each pattern only where its cheap marker is: most values (names, ids, dates) have none.
  let out = text.includes('://') ? text.replace(URL_CREDENTIALS, '$1<redacted>@') : text;
  if (out.includes('=') || out.includes(':')) out = out.replace(SECRET_PAIR, '$1$2<redacted>');
  return BEARER_WORD.test(out) ? out.replace(BEARER, 'Bearer <redacted>') : out;
}
