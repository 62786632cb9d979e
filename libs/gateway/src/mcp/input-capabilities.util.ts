import type { PendingInput } from '@skillnest/skills/internal';

/**
 * The client capability each kind of input request needs, as the SDK's `input_required`
 * checks compute it (elicitation by mode, sampling, roots). Written out here because the fast
 * path answers from the skill's one run and must say exactly what the SDK path says.
 */
function requiredFor(request: { method: string; params?: { mode?: unknown } }): Record<string, unknown> | undefined {
  if (request.method === 'elicitation/create') return { elicitation: { [request.params?.mode === 'url' ? 'url' : 'form']: {} } };
  if (request.method === 'sampling/createMessage') return { sampling: {} };
  if (request.method === 'roots/list') return { roots: {} };
  return undefined;
}

function declares(capabilities: Record<string, unknown>, required: Record<string, unknown>): boolean {
  return Object.entries(required).every(([name, sub]) => {
    const have = capabilities[name];
    if (!have || typeof have !== 'object') return false;
    const modes = Object.keys(sub as object);
    // A client that declares `elicitation: {}` supports form mode (the 2025 default).
    return modes.every((mode) => mode in have || (name === 'elicitation' && mode === 'form' && Object.keys(have).length === 0));
  });
}

/** The first input request the client cannot take: its key, method and the capabilities it lacks. */
export function firstUnsupportedInput(pending: PendingInput, capabilities: Record<string, unknown> | undefined) {
  for (const [key, request] of Object.entries(pending.requests)) {
    const embedded = request as unknown as { method: string; params?: { mode?: unknown } };
    const required = requiredFor(embedded);
    if (required && (!capabilities || !declares(capabilities, required))) return { key, method: embedded.method, required };
  }
  return undefined;
}

/** The SDK's `-32021` answer (HTTP 400) to a 2026-07-28 call whose input requests the client cannot take. */
export function missingCapabilityError(id: string | number, unsupported: { key: string; method: string; required: Record<string, unknown> }): string {
  const message = `Cannot request input '${unsupported.key}' (${unsupported.method}): the request's client capabilities do not declare the required capability`;
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32021, message, data: { requiredCapabilities: unsupported.required } } });
}

/** The SDK legacy shim's message for a stateless 2025 call that asks for input (no session, no capabilities). */
export function legacyStatelessInputMessage(unsupported: { key: string; method: string }): string {
  return `Cannot request input '${unsupported.key}' (${unsupported.method}): the client on this 2025-era connection did not declare the required capability (no client capabilities are available on this connection — per-request legacy serving cannot receive server-to-client requests)`;
}
