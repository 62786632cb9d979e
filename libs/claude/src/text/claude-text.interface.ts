import type { MessageParam, StopReason } from '@anthropic-ai/sdk/resources/messages';

/** One text request to Claude. */
export interface ClaudeTextParams {
  /** The user's message, or the whole conversation so far. */
  prompt: string | MessageParam[];
  system?: string;
  /** Default: the module's `model`. */
  model?: string;
  /** Default: the module's `maxTokens`. */
  maxTokens?: number;
  temperature?: number;
}

/**
 * What `ClaudeClient.textEvents()` yields: a `delta` per text chunk as it arrives, then one
 * `done`. An SSE endpoint can forward each event as it is.
 */
export type ClaudeTextEvent =
  | {
      type: 'delta';
      /** The new text of this chunk. */
      delta: string;
      /** All the text so far, this chunk included. */
      text: string;
      /** Chunks so far, this one included (1, 2, ...). */
      chunks: number;
    }
  | {
      type: 'done';
      text: string;
      chunks: number;
      /** `end_turn`, `max_tokens` (the text is cut short), ... */
      stopReason: StopReason | null;
      outputTokens: number;
      model: string;
    };

/** Options of `streamText`. */
export interface StreamTextOptions {
  /** Least time between two progress notifications, in ms. Default: the module's `progressIntervalMs`. */
  progressIntervalMs?: number;
}
