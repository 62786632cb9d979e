import * as crypto from 'node:crypto';
import { isSecretName, redactSecretText } from '@skillnest/skills/internal';

/** Deeper than this, a value is written as a marker: JSON from the wire is never that deep, and recursion stays bounded. */
const MAX_DEPTH = 64;
const TOO_DEEP = '<too deep>';

/**
 * `value` with the keys of every object in sorted order: `value` itself when they already are
 * (no copy), else a copy of what had to change; each member is visited once. `JSON.stringify`
 * then writes the rest natively.
 */
function sortedKeys(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item = value[index] as unknown;
      const sorted = sortedKeys(item, depth + 1);
      if (sorted !== item) (copy ??= value.slice())[index] = sorted;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let index = 1; index < keys.length && inOrder; index++) inOrder = keys[index - 1] <= keys[index];
  if (!inOrder) return sortedCopy(record, keys.sort(), 0, depth);
  for (let index = 0; index < keys.length; index++) {
    const member = record[keys[index]];
    const sorted = sortedKeys(member, depth + 1);
    if (sorted !== member) return sortedCopy(record, keys, index, depth, sorted);
  }
  return value;
}

/** A copy of `record` in the order of `keys`: members before `from` as they are, the one at `from` as `first` (when given), the rest sorted. */
function sortedCopy(record: Record<string, unknown>, keys: string[], from: number, depth: number, first?: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    const member = index < from ? record[key] : index === from && first !== undefined ? first : sortedKeys(record[key], depth + 1);
    // A `__proto__` key stays a key (an assignment would set the copy's prototype).
    if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
    else copy[key] = member;
  }
  return copy;
}

/**
 * `value` as canonical JSON: object keys sorted (by UTF-16 code units, as RFC 8785 does; keys that
 * are array indexes, `"0"` to `"4294967294"`, come first in numeric order, as JavaScript keeps
 * them), no whitespace, numbers and strings as `JSON.stringify` writes them, `undefined` members
 * left out. The same arguments give the same text whatever order the client wrote their keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value, 0)) ?? 'null';
}

// Node's one-shot hash (20.12+) skips the Hash object a createHash() call allocates.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256 = oneShot ? (text: string) => oneShot('sha256', text, 'hex') : (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** The hex SHA-256 of a call's arguments as canonical JSON; no arguments count as `{}`, as the dispatcher validates them. */
export function argumentsDigest(args: unknown): string {
  return sha256(canonicalJson(args ?? {}));
}

const MAX_STRING = 512;
const MAX_ITEMS = 50;
const MAX_KEPT_DEPTH = 8;
const REDACTED = '<redacted>';

/**
 * The arguments of a tool that keeps them in its records (`@Tool({ audit: { arguments: true } })`),
 * safe to store: values under secret-looking names replaced, secrets written out in strings
 * (`password=...`, `Bearer ...`, credentials in URLs) replaced, strings cut to 512 characters,
 * arrays and objects to 50 entries, nesting to 8 levels, and about `maxBytes` of JSON in all
 * (what does not fit is cut, with a marker saying so).
 */
export function auditedArguments(args: unknown, maxBytes: number): unknown {
  const budget = { left: maxBytes };
  const kept = keep(args ?? {}, 0, budget);
  const text = JSON.stringify(kept) ?? 'null';
  // The budget counts characters; many multi-byte ones can still overrun it.
  return Buffer.byteLength(text) <= maxBytes ? kept : { '<cut>': `the arguments exceed ${maxBytes} bytes` };
}

function keep(value: unknown, depth: number, budget: { left: number }): unknown {
  if (typeof value === 'string') {
    const text = redactSecretText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}...` : value);
    budget.left -= text.length + 2;
    return text;
  }
  if (value === null || typeof value !== 'object') {
    const kept = typeof value === 'number' || typeof value === 'boolean' ? value : null;
    budget.left -= 6;
    return kept;
  }
  if (depth >= MAX_KEPT_DEPTH) {
    budget.left -= 8;
    return '<deep>';
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (out.length >= MAX_ITEMS || budget.left <= 0) {
        out.push(`<${value.length - out.length} more>`);
        break;
      }
      out.push(keep(item, depth + 1, budget));
    }
    return out;
  }
  // No prototype: a `__proto__` key is kept as a key.
  const out = Object.create(null) as Record<string, unknown>;
  const entries = Object.entries(value as Record<string, unknown>);
  let count = 0;
  for (const [name, member] of entries) {
    if (member === undefined || typeof member === 'function') continue;
    if (count >= MAX_ITEMS || budget.left <= 0) {
      out['<cut>'] = `${entries.length - count} more`;
      break;
    }
    count++;
    const key = name.length > MAX_STRING ? `${name.slice(0, MAX_STRING)}...` : name;
    budget.left -= key.length + 4;
    const secret = isSecretName(name);
    if (secret) budget.left -= REDACTED.length + 2;
    out[key] = secret ? REDACTED : keep(member, depth + 1, budget);
  }
  return out;
}
