import { ClaudeMessages } from './claude.messages';
import type { ClaudeModuleOptions } from './claude.options';
import { ClaudeOptionsError } from './errors/claude.error';

/** A whole number of at least `least` when the variable is set: a typo fails startup naming it, instead of leaving the default silently. */
function wholeIfSet(env: NodeJS.ProcessEnv, setting: string, least: number): number | undefined {
  const raw = env[setting]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < least) throw new ClaudeOptionsError(ClaudeMessages.invalidSetting(setting, least));
  return value;
}

/**
 * `ClaudeModule` options from the environment: `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`,
 * `SKILLNEST_CLAUDE_MODEL`, and `SKILLNEST_CLAUDE_TIMEOUT_MS` / `SKILLNEST_CLAUDE_MAX_RETRIES`.
 * Unset variables leave the defaults; messages name these variables.
 */
export function claudeOptionsFromEnv(env: NodeJS.ProcessEnv): ClaudeModuleOptions {
  const maxRetries = wholeIfSet(env, 'SKILLNEST_CLAUDE_MAX_RETRIES', 0);
  return {
    apiKey: env.ANTHROPIC_API_KEY || undefined,
    baseURL: env.ANTHROPIC_BASE_URL || undefined,
    model: env.SKILLNEST_CLAUDE_MODEL || undefined,
    timeoutMs: wholeIfSet(env, 'SKILLNEST_CLAUDE_TIMEOUT_MS', 1),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    apiKeySetting: 'ANTHROPIC_API_KEY',
    modelSetting: 'SKILLNEST_CLAUDE_MODEL',
  };
}
