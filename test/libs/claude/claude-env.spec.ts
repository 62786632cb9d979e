import { claudeOptionsFromEnv, ClaudeOptionsError } from '@skillnest/claude';
import { compile } from './claude-test-module';

/** The Claude module's settings from the environment, as the example service reads them (claudeOptionsFromEnv). */
describe('claudeOptionsFromEnv', () => {
  it('reads the key, base URL, model, timeout and retries, and leaves unset ones to the defaults', async () => {
    const env = {
      ANTHROPIC_API_KEY: 'sk-ant-env',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      SKILLNEST_CLAUDE_MODEL: 'claude-test',
      SKILLNEST_CLAUDE_TIMEOUT_MS: '1500',
      SKILLNEST_CLAUDE_MAX_RETRIES: '0',
    };
    const { moduleRef, claude } = await compile(claudeOptionsFromEnv(env));
    expect(claude.options).toMatchObject({
      apiKey: 'sk-ant-env',
      baseURL: 'http://127.0.0.1:9',
      model: 'claude-test',
      timeoutMs: 1500,
      maxRetries: 0,
      apiKeySetting: 'ANTHROPIC_API_KEY',
    });
    await moduleRef.close();
    const defaults = await compile(claudeOptionsFromEnv({ SKILLNEST_CLAUDE_TIMEOUT_MS: '', SKILLNEST_CLAUDE_MAX_RETRIES: '' }));
    expect(defaults.claude.options).toMatchObject({ apiKey: undefined, baseURL: undefined, timeoutMs: 60_000, maxRetries: 2 });
    await defaults.moduleRef.close();
  });

  it.each([
    ['SKILLNEST_CLAUDE_TIMEOUT_MS', '90s', 1],
    ['SKILLNEST_CLAUDE_TIMEOUT_MS', '0', 1],
    ['SKILLNEST_CLAUDE_MAX_RETRIES', 'two', 0],
    ['SKILLNEST_CLAUDE_MAX_RETRIES', '-1', 0],
  ])('refuses %s=%s at startup, naming the variable, instead of keeping the default', (setting, value, least) => {
    expect(() => claudeOptionsFromEnv({ [setting]: value })).toThrow(ClaudeOptionsError);
    expect(() => claudeOptionsFromEnv({ [setting]: value })).toThrow(`${setting} must be a whole number of at least ${least}; unset it to keep the default.`);
  });
});
