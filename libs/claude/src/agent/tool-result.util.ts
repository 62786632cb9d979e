import type { CallToolResult } from '@modelcontextprotocol/server';

/**
 * The text Claude reads in a `tool_result`: the text items of the result (and text resources),
 * a note for anything else, the structured content when there is no text; cut at `maxChars`.
 */
export function toolResultText(result: CallToolResult, maxChars: number, truncatedNote: (kept: number, total: number) => string): string {
  const parts = result.content.map((item) => {
    if (item.type === 'text') return item.text;
    if (item.type === 'resource' && 'text' in item.resource) return item.resource.text;
    return `[${item.type} content not shown]`;
  });
  let text = parts.join('\n');
  if (!text && result.structuredContent) text = JSON.stringify(result.structuredContent);
  return text.length > maxChars ? text.slice(0, maxChars) + truncatedNote(maxChars, text.length) : text;
}

/** A short excerpt for the steps a run reports back. */
export function excerpt(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}...` : line;
}
