import type { SkillContext } from '@skillnest/skills';
import type { ClaudeClient } from '../claude.client';
import { ClaudeMessages } from '../claude.messages';
import { ClaudeError } from '../errors/claude.error';
import type { ClaudeTextParams, StreamTextOptions } from './claude-text.interface';

/**
 * Streams one Claude answer from inside a skill and resolves with the final text.
 *
 * While the answer arrives, the caller gets `notifications/progress` (when it asked for progress)
 * with `progress` = the number of text chunks received so far and `message` = **the whole text
 * so far** (not the delta), so a client that shows the latest progress message shows the answer
 * growing. Notifications are at most one per `progressIntervalMs`; the last one always carries
 * the complete text. The request runs under `ctx.signal`: client disconnect, cancellation and
 * the skill's timeout abort it upstream. Failures throw a `ClaudeError` with a clear message.
 */
export async function streamText(
  claude: ClaudeClient,
  ctx: Pick<SkillContext, 'signal' | 'progress'>,
  params: ClaudeTextParams,
  options: StreamTextOptions = {},
): Promise<string> {
  const interval = options.progressIntervalMs ?? claude.options.progressIntervalMs;
  let lastSent = 0;
  let sentChunks = 0;
  const report = async (chunks: number, text: string) => {
    lastSent = Date.now();
    sentChunks = chunks;
    // Progress is best effort: a client that stopped listening must not fail the answer.
    await ctx.progress(chunks, undefined, text).catch(() => undefined);
  };
  for await (const event of claude.textEvents(params, ctx.signal)) {
    if (event.type === 'delta') {
      if (Date.now() - lastSent >= interval) await report(event.chunks, event.text);
      continue;
    }
    if (event.stopReason === 'refusal') throw new ClaudeError(ClaudeMessages.refused(), 'refused');
    if (event.chunks > sentChunks) await report(event.chunks, event.text);
    return event.text;
  }
  // textEvents always ends with `done` or throws; this keeps the type checker honest.
  throw new ClaudeError(ClaudeMessages.malformed(), 'malformed');
}
