/**
 * An RFC 9110 quoted-string: `\` and `"` escaped, and every character outside printable ASCII
 * (controls, CR/LF, non-ASCII) dropped, so that no value can end the string, add a parameter or
 * split the header.
 */
export function quotedString(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]/g, '').replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * A `WWW-Authenticate: Bearer` challenge (RFC 6750 section 3) with its parameters in the given
 * order; an undefined parameter is left out. RFC 6750 allows no `"` or `\` at all in
 * `error_description`, so there they become `'` and `/` (a message stays readable); every other
 * value is escaped.
 */
export function bearerChallenge(params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const text = (name: string, value: string) => (name === 'error_description' ? value.replaceAll('"', "'").replaceAll('\\', '/') : value);
  return `Bearer ${pairs.map(([name, value]) => `${name}=${quotedString(text(name, value))}`).join(', ')}`;
}
