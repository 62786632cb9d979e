import type { ClaudeModuleOptions } from './claude.options';

const positive = (value: string | undefined) => (Number(value) > 0 ? Number(value) : undefined);

/**
 * `ClaudeModule` options from the environment: `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`,
 * `SKILLNEST_CLAUDE_MODEL`, and `SKILLNEST_CLAUDE_TIMEOUT_MS` / `SKILLNEST_CLAUDE_MAX_RETRIES`.
 * Unset variables leave the defaults; messages name these variables.
 */
export function claudeOptionsFromEnv(env: NodeJS.ProcessEnv): ClaudeModuleOptions {
  const retries = env.SKILLNEST_CLAUDE_MAX_RETRIES;
  return {
    apiKey: env.ANTHROPIC_API_KEY || undefined,
    baseURL: env.ANTHROPIC_BASE_URL || undefined,
    model: env.SKILLNEST_CLAUDE_MODEL || undefined,
    timeoutMs: positive(env.SKILLNEST_CLAUDE_TIMEOUT_MS),
    ...(retries !== undefined && retries !== '' && Number.isInteger(Number(retries)) && Number(retries) >= 0 ? { maxRetries: Number(retries) } : {}),
    apiKeySetting: 'ANTHROPIC_API_KEY',
    modelSetting: 'SKILLNEST_CLAUDE_MODEL',
  };
}
