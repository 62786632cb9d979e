import { ClaudeOptionsError } from './errors/claude.error';
import { ClaudeMessages } from './claude.messages';

/** Defaults of the agent loop; each run may override them. */
export interface ClaudeAgentDefaults {
  /** Most Claude turns (requests) per run. Default 8. */
  maxIterations?: number;
  /** Wall-clock budget of a whole run, in ms; also bounds every tool call in it. Default 60000. */
  timeBudgetMs?: number;
  /** Timeout of one tool call that sets no `timeoutMs` of its own, in ms. Default 30000. */
  toolTimeoutMs?: number;
  /** A tool result longer than this is cut before it goes back to Claude. Default 20000 characters. */
  maxToolResultChars?: number;
}

/**
 * Options of `ClaudeModule.forRoot()`. Every limit has a finite default; without `apiKey` the app
 * still starts and every Claude call fails with "Claude is not configured: set <apiKeySetting>."
 */
export interface ClaudeModuleOptions {
  /** The Anthropic API key. Unset or empty: not configured. Never logged, never in a message. */
  apiKey?: string;
  /** Another endpoint speaking the Messages API (a proxy, a gateway, a test double). Default: Anthropic's. */
  baseURL?: string;
  /** Model used when a call names none. Default `claude-sonnet-5-5`. */
  model?: string;
  /** `max_tokens` when a call sets none. Default 1024. */
  maxTokens?: number;
  /** Time allowed per HTTP attempt until Claude's response headers arrive, in ms. Default 60000. */
  timeoutMs?: number;
  /** Retries of connection failures, 408/409/429 and 5xx answers (the SDK's policy, with backoff). Default 2. */
  maxRetries?: number;
  /** At shutdown, how long requests in flight may take to finish before they are aborted, in ms. Default 10000. */
  drainTimeoutMs?: number;
  /** Least time between two progress notifications of `streamText`, in ms (0: one per chunk). Default 50. */
  progressIntervalMs?: number;
  /** The setting that holds the key, named in "not configured" and 401 messages. Default `ANTHROPIC_API_KEY`. */
  apiKeySetting?: string;
  /** The setting that holds the model, named in 403/404 messages. Default: "the ClaudeModule model option". */
  modelSetting?: string;
  agent?: ClaudeAgentDefaults;
}

export const CLAUDE_DEFAULTS = {
  model: 'claude-sonnet-5-5',
  maxTokens: 1024,
  timeoutMs: 60_000,
  maxRetries: 2,
  drainTimeoutMs: 10_000,
  progressIntervalMs: 50,
  apiKeySetting: 'ANTHROPIC_API_KEY',
  modelSetting: 'the ClaudeModule model option',
  agent: { maxIterations: 8, timeBudgetMs: 60_000, toolTimeoutMs: 30_000, maxToolResultChars: 20_000 },
} as const;

/** Options with every default filled in, checked once at bootstrap. */
export interface ResolvedClaudeOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  maxTokens: number;
  timeoutMs: number;
  maxRetries: number;
  drainTimeoutMs: number;
  progressIntervalMs: number;
  apiKeySetting: string;
  modelSetting: string;
  agent: Required<ClaudeAgentDefaults>;
}

function count(option: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min) {
    throw new ClaudeOptionsError(ClaudeMessages.invalidOption(option, `must be an integer of at least ${min}`));
  }
  return value;
}

/** Fills in the defaults and refuses options that cannot work, naming the option (never its value). */
export function resolveClaudeOptions(options: ClaudeModuleOptions): ResolvedClaudeOptions {
  const baseURL = options.baseURL?.trim() || undefined;
  if (baseURL) {
    let protocol: string;
    try {
      protocol = new URL(baseURL).protocol;
    } catch {
      throw new ClaudeOptionsError(ClaudeMessages.invalidOption('baseURL', 'is not a valid URL'));
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new ClaudeOptionsError(ClaudeMessages.invalidOption('baseURL', 'must be an http(s) URL'));
    }
  }
  const agent = options.agent ?? {};
  const defaults = CLAUDE_DEFAULTS.agent;
  return {
    apiKey: options.apiKey?.trim() || undefined,
    baseURL,
    model: options.model?.trim() || CLAUDE_DEFAULTS.model,
    maxTokens: count('maxTokens', options.maxTokens, CLAUDE_DEFAULTS.maxTokens),
    timeoutMs: count('timeoutMs', options.timeoutMs, CLAUDE_DEFAULTS.timeoutMs),
    maxRetries: count('maxRetries', options.maxRetries, CLAUDE_DEFAULTS.maxRetries, 0),
    drainTimeoutMs: count('drainTimeoutMs', options.drainTimeoutMs, CLAUDE_DEFAULTS.drainTimeoutMs, 0),
    progressIntervalMs: count('progressIntervalMs', options.progressIntervalMs, CLAUDE_DEFAULTS.progressIntervalMs, 0),
    apiKeySetting: options.apiKeySetting ?? CLAUDE_DEFAULTS.apiKeySetting,
    modelSetting: options.modelSetting ?? CLAUDE_DEFAULTS.modelSetting,
    agent: {
      maxIterations: count('agent.maxIterations', agent.maxIterations, defaults.maxIterations),
      timeBudgetMs: count('agent.timeBudgetMs', agent.timeBudgetMs, defaults.timeBudgetMs),
      toolTimeoutMs: count('agent.toolTimeoutMs', agent.toolTimeoutMs, defaults.toolTimeoutMs),
      maxToolResultChars: count('agent.maxToolResultChars', agent.maxToolResultChars, defaults.maxToolResultChars),
    },
  };
}
