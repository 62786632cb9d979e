import { createHash } from 'node:crypto';

/** The call a `requestState` belongs to: who, which request, on what, with which arguments. */
export interface RoundBinding {
  callerId: string;
  /** `tools/call`, `prompts/get`, `resources/read`, ... */
  method: string;
  /** The tool or prompt name, or the resource URI. */
  target: string;
  /** The request's arguments as sent (the input responses travel beside them, not in them). */
  args: unknown;
}

/**
 * Objects with their keys sorted, so that `{a,b}` and `{b,a}` bind alike. A replacer of
 * `JSON.stringify` is all canonical JSON needs here (values come from a JSON body).
 */
const sortedKeys = (_key: string, value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value;

/** The associated data that seals a state to its call: a SHA-256 of the binding, unambiguous by JSON. */
export function bindingDigest(binding: RoundBinding): Buffer {
  const canonical = JSON.stringify([binding.callerId, binding.method, binding.target, JSON.stringify(binding.args ?? {}, sortedKeys)]);
  return createHash('sha256').update(canonical).digest();
}
