import { randomBytes } from 'node:crypto';

/**
 * A fresh task id: 192 random bits (base64url, 32 characters, safe in the `Mcp-Name` header). A
 * task id works as a bearer handle on the task's state, so it must be unguessable; it is also
 * bound to the principal that created it, so a leaked one still serves nobody else.
 */
export function newTaskId(): string {
  return randomBytes(24).toString('base64url');
}
