import { GatewayConfigError, metricsOptionsFromEnv } from '@skillnest/gateway';
import { checkMetricsOptions } from '../../../../libs/gateway/src/observe/metrics/metrics-settings';

/** The metrics settings from the environment, as `observabilityOptionsFromEnv` reads them, then checked as at startup. */
const fromEnv = (env: Record<string, string>) => {
  const options = metricsOptionsFromEnv(env);
  return options === false ? false : checkMetricsOptions(options ?? {});
};

describe('metrics settings from the environment', () => {
  it('leaves every default when nothing is set: access decided by the gateway, 127.0.0.1, process metrics on', () => {
    expect(metricsOptionsFromEnv({})).toBeUndefined();
    expect(fromEnv({})).toEqual({ access: undefined, scope: undefined, port: undefined, host: '127.0.0.1', gateway: undefined, processMetrics: true });
  });

  it('SKILLNEST_METRICS=off turns metrics off altogether (no observer, no cost per call)', () => {
    expect(metricsOptionsFromEnv({ SKILLNEST_METRICS: 'off' })).toBe(false);
  });

  it('reads each variable', () => {
    expect(fromEnv({ SKILLNEST_METRICS: 'bearer', SKILLNEST_METRICS_SCOPE: 'metrics:read' })).toMatchObject({ access: 'bearer', scope: 'metrics:read' });
    expect(fromEnv({ SKILLNEST_METRICS: 'port', SKILLNEST_METRICS_PORT: '9464', SKILLNEST_METRICS_HOST: '0.0.0.0' })).toMatchObject({
      access: 'port',
      port: 9464,
      host: '0.0.0.0',
    });
    expect(fromEnv({ SKILLNEST_METRICS: 'open' })).toMatchObject({ access: 'open' });
  });

  it('takes a port alone as asking for a listener of its own', () => {
    expect(fromEnv({ SKILLNEST_METRICS_PORT: '9464' })).toMatchObject({ access: 'port', port: 9464, host: '127.0.0.1' });
  });

  it.each([
    [{ SKILLNEST_METRICS: 'public' }, 'metrics.access (SKILLNEST_METRICS) "public" is not valid: use bearer, port, open or off.'],
    [{ SKILLNEST_METRICS_PORT: '94x4' }, 'metrics.port (SKILLNEST_METRICS_PORT) is not valid: use a whole number from 0 to 65535.'],
    [{ SKILLNEST_METRICS_PORT: '65536' }, 'metrics.port (SKILLNEST_METRICS_PORT) 65536 is not valid: use a whole number from 0 to 65535.'],
    [{ SKILLNEST_METRICS: 'port' }, 'metrics.access (SKILLNEST_METRICS) is port but no port is set: set metrics.port (SKILLNEST_METRICS_PORT).'],
    [{ SKILLNEST_METRICS: 'bearer', SKILLNEST_METRICS_PORT: '9464' }, 'metrics.port (SKILLNEST_METRICS_PORT) only applies to access port, and metrics access is bearer'],
    [{ SKILLNEST_METRICS_HOST: '0.0.0.0' }, 'metrics.host (SKILLNEST_METRICS_HOST) only applies to access port, and metrics access is bearer or open'],
    [{ SKILLNEST_METRICS: 'open', SKILLNEST_METRICS_SCOPE: 'metrics:read' }, 'metrics.scope (SKILLNEST_METRICS_SCOPE) only applies to access bearer, and metrics access is open'],
    [{ SKILLNEST_METRICS: 'bearer', SKILLNEST_METRICS_SCOPE: 'metrics read' }, 'metrics.scope (SKILLNEST_METRICS_SCOPE) must be a non-empty string without spaces.'],
  ])('refuses %j at startup, naming the variable', (env, message) => {
    expect(() => fromEnv(env)).toThrow(GatewayConfigError);
    expect(() => fromEnv(env)).toThrow(message);
  });
});
