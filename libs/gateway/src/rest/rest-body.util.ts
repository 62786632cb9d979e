import type { CallToolResult } from '@modelcontextprotocol/server';
import { toolErrorDetail } from '@skillnest/skills/internal';

export const textOf = (result: CallToolResult): string =>
  result.content
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
    .map((block) => block.text)
    .join('\n');

/** What a REST caller gets back from a tool: the structured result, or its text. */
export function restBody(result: CallToolResult): Record<string, unknown> {
  return result.structuredContent !== undefined ? { result: result.structuredContent } : { result: textOf(result), content: result.content };
}

/**
 * An `isError` result over REST: a failure the tool reports (422 `tool_error`, its message and
 * `details`), or an unexpected one (500 `internal_error` with the error id the log has).
 */
export function restError(result: CallToolResult): { status: number; error: string; fields: Record<string, unknown> } {
  const detail = toolErrorDetail(result);
  if (detail?.reason === 'internal_error') return { status: 500, error: 'internal_error', fields: { message: textOf(result), errorId: detail.errorId } };
  return { status: 422, error: 'tool_error', fields: { message: textOf(result), ...(detail ? { details: detail } : {}) } };
}
