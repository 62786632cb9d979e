import type { CallToolResult, GetPromptResult, PromptMessage, ReadResourceResult } from '@modelcontextprotocol/server';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value that already is a `CallToolResult` (the skill built it itself) is passed through. */
export function isCallToolResultShape(value: unknown): value is CallToolResult {
  return isRecord(value) && Array.isArray(value.content);
}

/** The plain JSON form of a skill's return value (class instances and Dates flattened). */
export function toPlainJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** A tool's result with `structuredContent` and the same data as JSON text for clients that read only text. */
export function structuredToolResult(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * A tool's result without an output schema: strings as text, anything else as JSON text. Throws
 * when the value cannot be serialised (a BigInt, a cycle), a result the skill built itself too:
 * better here, as the skill's failure, than in a front door that has started answering.
 */
export function textToolResult(value: unknown): CallToolResult {
  if (isCallToolResultShape(value)) {
    JSON.stringify(value);
    return value;
  }
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return { content: [{ type: 'text', text }] };
}

/** The `_meta` key of an `isError` result's machine-readable detail (`{ reason, ... }`). */
export const TOOL_ERROR_META_KEY = 'io.skillnest/error';

/**
 * The `isError` result a model reads and can act on: the message as text, the detail under
 * `_meta` (`TOOL_ERROR_META_KEY`). Never `structuredContent`: clients validate it against the
 * tool's output schema, and an error shape that does not match hides the message behind a
 * validation error.
 */
export function toolErrorResult(message: string, data?: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: message }],
    isError: true,
    ...(data ? { _meta: { [TOOL_ERROR_META_KEY]: data } } : {}),
  };
}

/** The machine-readable detail of an `isError` result, if it has one. */
export function toolErrorDetail(result: CallToolResult): Record<string, unknown> | undefined {
  const detail = result._meta?.[TOOL_ERROR_META_KEY];
  return isRecord(detail) ? detail : undefined;
}

/** A resource read: strings as text, bytes as base64 blobs, other values as JSON. */
export function resourceResult(uri: string, value: unknown, mimeType?: string): ReadResourceResult {
  if (isRecord(value) && Array.isArray(value.contents)) return value as ReadResourceResult;
  if (value instanceof Uint8Array) {
    return {
      contents: [{ uri, mimeType: mimeType ?? 'application/octet-stream', blob: Buffer.from(value).toString('base64') }],
    };
  }
  if (typeof value === 'string') return { contents: [{ uri, mimeType: mimeType ?? 'text/plain', text: value }] };
  return { contents: [{ uri, mimeType: mimeType ?? 'application/json', text: JSON.stringify(value) }] };
}

/** A prompt: a string becomes one user message; an array is taken as the messages. */
export function promptResult(value: unknown, description?: string): GetPromptResult {
  if (isRecord(value) && Array.isArray(value.messages)) return value as GetPromptResult;
  const messages: PromptMessage[] = Array.isArray(value) ? (value as PromptMessage[]) : [{ role: 'user', content: { type: 'text', text: String(value) } }];
  return { ...(description ? { description } : {}), messages };
}
