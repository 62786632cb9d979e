import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { ClaudeAgentDefaults } from '../claude.options';
import type { AgentToolFilter } from './agent-tools.util';

/** One agent run: the task and, optionally, tighter limits than the module's. */
export interface ClaudeAgentRunOptions extends ClaudeAgentDefaults, AgentToolFilter {
  task: string;
  system?: string;
  /** Default: the module's model. */
  model?: string;
  /** `max_tokens` per Claude turn. Default: the module's. */
  maxTokens?: number;
}

/** One tool call the agent made. */
export interface ClaudeAgentStep {
  tool: string;
  input: Record<string, unknown>;
  isError: boolean;
  /** The start of what the tool answered (at most 300 characters). */
  result: string;
}

/** What a finished run returns. */
export interface ClaudeAgentResult {
  /** Claude's final text. */
  answer: string;
  steps: ClaudeAgentStep[];
  /** Claude turns (requests) used. */
  iterations: number;
  stopReason: StopReason | null;
  model: string;
}
