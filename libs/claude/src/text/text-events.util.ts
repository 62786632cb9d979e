import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { ClaudeClient } from '../claude.client';
import { ClaudeMessages } from '../claude.messages';
import { ClaudeError } from '../errors/claude.error';
import type { ClaudeTextEvent, ClaudeTextParams } from './claude-text.interface';

/** The Messages API request of a text call, with the module's defaults. */
export function textRequest(claude: ClaudeClient, params: ClaudeTextParams): MessageCreateParamsBase {
  return {
    model: params.model ?? claude.model,
    max_tokens: params.maxTokens ?? claude.options.maxTokens,
    messages: typeof params.prompt === 'string' ? [{ role: 'user', content: params.prompt }] : params.prompt,
    ...(params.system ? { system: params.system } : {}),
    ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
  };
}

/**
 * Streams one answer with `messages.stream`, yielding each text delta, then `done`. The request
 * runs under `signal` and the client's shutdown signal; leaving the loop early (`break`, an
 * exception in the consumer) aborts it, so a disconnected SSE client stops the upstream call too.
 * A stream that goes quiet for the client's `timeoutMs` is abandoned (the SDK's own timeout
 * ends when the response starts), so even a caller without a signal never waits forever.
 */
export async function* textEvents(claude: ClaudeClient, params: ClaudeTextParams, signal?: AbortSignal): AsyncGenerator<ClaudeTextEvent, void, undefined> {
  const request = textRequest(claude, params);
  const lease = claude.lease(signal);
  const idleMs = claude.options.timeoutMs;
  const idle = new AbortController();
  // Armed only while waiting for the next event: not before the first (the SDK's timeout and
  // retries cover connecting), and not while the consumer handles a delta (its pace is its own).
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleMs);
  };
  const stream = lease.sdk.messages.stream(request, { signal: AbortSignal.any([lease.signal, idle.signal]) });
  // Failures reach us through the iterator; these keep the SDK from also raising them unhandled.
  stream.on('error', () => undefined).on('abort', () => undefined);
  let text = '';
  let chunks = 0;
  try {
    for await (const event of stream) {
      arm();
      if (event.type !== 'content_block_delta' || event.delta.type !== 'text_delta' || !event.delta.text) continue;
      text += event.delta.text;
      chunks++;
      clearTimeout(timer);
      yield { type: 'delta', delta: event.delta.text, text, chunks };
      arm();
    }
    clearTimeout(timer);
    const final = await stream.finalMessage();
    yield { type: 'done', text, chunks, stopReason: final.stop_reason, outputTokens: final.usage?.output_tokens ?? 0, model: final.model };
  } catch (error) {
    if (idle.signal.aborted && !lease.signal.aborted) throw claude.failure(new ClaudeError(ClaudeMessages.stalled(idleMs), 'timeout'));
    throw claude.failure(error, request.model);
  } finally {
    clearTimeout(timer);
    if (!stream.ended) stream.abort();
    lease.end();
  }
}
