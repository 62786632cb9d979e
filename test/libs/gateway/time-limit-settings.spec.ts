import { GatewayConfig, GatewayConfigError } from '@skillnest/gateway';
import { gatewayOptionsFromEnv } from '../../../libs/gateway/src/gateway-env.util';
import { STATE_KEY } from './gateway-test-module';

/** The body limit, drain and skill timeouts from the environment: a typo fails startup naming the setting (it silently kept the default before). */
describe('body, drain and timeout settings', () => {
  const fromEnv = (env: Record<string, string>) => new GatewayConfig(gatewayOptionsFromEnv({ SKILLNEST_STATE_KEY: STATE_KEY, ...env }));

  it('reads each from its SKILLNEST_* variable, with the documented defaults', () => {
    expect(fromEnv({})).toMatchObject({ maxBodyBytes: 4_194_304, drainTimeoutMs: 10_000, drainLingerMs: 0, defaultTimeoutMs: 60_000 });
    const config = fromEnv({ SKILLNEST_MAX_BODY_BYTES: '1024', SKILLNEST_DRAIN_TIMEOUT_MS: '2500', SKILLNEST_DRAIN_LINGER_MS: '0', SKILLNEST_SKILL_TIMEOUT_MS: '900' });
    expect(config).toMatchObject({ maxBodyBytes: 1024, drainTimeoutMs: 2500, drainLingerMs: 0, defaultTimeoutMs: 900 });
  });

  it.each([
    ['SKILLNEST_MAX_BODY_BYTES', 'maxBodyBytes', ['0', '-1', '4MB', '1.5']],
    ['SKILLNEST_DRAIN_TIMEOUT_MS', 'drainTimeoutMs', ['-1', '10s', '2.5']],
    ['SKILLNEST_DRAIN_LINGER_MS', 'drainLingerMs', ['-5', 'soon']],
    ['SKILLNEST_SKILL_TIMEOUT_MS', 'defaultTimeoutMs', ['0', '1m']],
  ])('refuses to start with a %s that is no whole number in range, naming it', (variable, option, values) => {
    for (const value of values) {
      const start = () => fromEnv({ [variable]: value });
      expect(start).toThrow(GatewayConfigError);
      expect(start).toThrow(`${option} (${variable})`);
    }
  });
});
