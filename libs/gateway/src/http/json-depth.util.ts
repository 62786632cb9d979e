/** Deepest nesting of arrays and objects a request body may have; real MCP messages stay far below. */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether a JSON text nests arrays and objects deeper than `limit`, by one linear scan that
 * skips strings. Checked before parsing: a parsed 10,000-deep value overflows the stack of the
 * recursive code that walks it later (validation, the SDK), a 500 where the client deserves a
 * 400. Written by hand because JSON parsers expose no depth limit.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  // Each level takes a character: a body no longer than the limit (most requests) needs no scan.
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}
