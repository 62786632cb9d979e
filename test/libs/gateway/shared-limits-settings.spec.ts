import { GatewayConfig, GatewayConfigError } from '@skillnest/gateway';
import { gatewayOptionsFromEnv } from '../../../libs/gateway/src/gateway-env.util';
import { STATE_KEY } from './gateway-test-module';

/** The caps on shared resources (sessions, streams, subscriptions), from the environment, with their defaults and refusals. */
describe('shared-resource cap settings', () => {
  const fromEnv = (env: Record<string, string>) => new GatewayConfig(gatewayOptionsFromEnv({ SKILLNEST_STATE_KEY: STATE_KEY, ...env }));

  it('defaults to a fair share per principal beside each global cap', () => {
    const config = fromEnv({});
    expect(config.sessions).toEqual({ maxSessions: 10_000, maxSessionsPerPrincipal: 64, idleTimeoutMs: 1_800_000, maxStreams: 1024, maxStreamsPerPrincipal: 16 });
    expect(config.listen).toEqual({ maxStreams: 1024, maxStreamsPerPrincipal: 16 });
    expect(config.subscriptions).toEqual({ maxPerSession: 100, maxUriLength: 2048 });
  });

  it('reads every cap from its SKILLNEST_* variable', () => {
    const config = fromEnv({
      SKILLNEST_MAX_SESSIONS: '500',
      SKILLNEST_MAX_SESSIONS_PER_PRINCIPAL: '8',
      SKILLNEST_SESSION_IDLE_MS: '60000',
      SKILLNEST_MAX_SESSION_STREAMS: '200',
      SKILLNEST_MAX_SESSION_STREAMS_PER_PRINCIPAL: '4',
      SKILLNEST_MAX_LISTEN_STREAMS: '300',
      SKILLNEST_MAX_LISTEN_STREAMS_PER_PRINCIPAL: '5',
      SKILLNEST_MAX_RESOURCE_SUBSCRIPTIONS: '20',
      SKILLNEST_MAX_RESOURCE_URI_LENGTH: '512',
    });
    expect(config.sessions).toEqual({ maxSessions: 500, maxSessionsPerPrincipal: 8, idleTimeoutMs: 60_000, maxStreams: 200, maxStreamsPerPrincipal: 4 });
    expect(config.listen).toEqual({ maxStreams: 300, maxStreamsPerPrincipal: 5 });
    expect(config.subscriptions).toEqual({ maxPerSession: 20, maxUriLength: 512 });
  });

  it.each([
    ['SKILLNEST_MAX_SESSIONS_PER_PRINCIPAL', 'legacySessions.maxSessionsPerPrincipal'],
    ['SKILLNEST_MAX_SESSIONS', 'legacySessions.maxSessions'],
    ['SKILLNEST_SESSION_IDLE_MS', 'legacySessions.idleTimeoutMs'],
    ['SKILLNEST_MAX_LISTEN_STREAMS_PER_PRINCIPAL', 'listenStreams.maxStreamsPerPrincipal'],
    ['SKILLNEST_MAX_RESOURCE_URI_LENGTH', 'resourceSubscriptions.maxUriLength'],
  ])('refuses to start with %s that is no whole number of 1 or more, naming it', (variable, option) => {
    for (const value of ['0', '-3', 'many', '2.5']) {
      expect(() => fromEnv({ [variable]: value })).toThrow(GatewayConfigError);
      expect(() => fromEnv({ [variable]: value })).toThrow(`${option} (${variable}) ${Number(value)} is not valid: use a whole number, 1 or more.`);
    }
  });
});
