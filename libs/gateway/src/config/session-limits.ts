import { wholeSetting } from './whole-setting';
import {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
  DEFAULT_MAX_STREAMS,
  DEFAULT_MAX_STREAMS_PER_PRINCIPAL,
  DEFAULT_MAX_SUBSCRIPTIONS,
  DEFAULT_MAX_URI_LENGTH,
  DEFAULT_SESSION_IDLE_MS,
  type McpGatewayOptions,
} from '../mcp-gateway.options';

/** Legacy sessions (across replicas with Redis), their GET streams (per replica) and their idle expiry. */
export interface SessionLimits {
  readonly maxSessions: number;
  readonly maxSessionsPerPrincipal: number;
  readonly idleTimeoutMs: number;
  readonly maxStreams: number;
  readonly maxStreamsPerPrincipal: number;
}

/** `subscriptions/listen` streams of one replica. */
export interface ListenLimits {
  readonly maxStreams: number;
  readonly maxStreamsPerPrincipal: number;
}

/** What one subscriber (a legacy session, a listen stream) may watch: how many resources, and how long a URI. */
export interface SubscriptionLimits {
  readonly maxPerSession: number;
  readonly maxUriLength: number;
}

/** A whole number of 1 or more, or a startup error naming the option and its variable. */
const limit = (value: number | undefined, fallback: number, option: string, env: string): number => wholeSetting(value ?? fallback, option, env);

/** Every shared-resource cap of a gateway, defaults applied and validated once at bootstrap. */
export function resolveSharedLimits(options: McpGatewayOptions): { sessions: SessionLimits; listen: ListenLimits; subscriptions: SubscriptionLimits } {
  const { legacySessions: legacy = {}, listenStreams: listen = {}, resourceSubscriptions: subscriptions = {} } = options;
  return {
    sessions: {
      maxSessions: limit(legacy.maxSessions, DEFAULT_MAX_SESSIONS, 'legacySessions.maxSessions', 'SKILLNEST_MAX_SESSIONS'),
      maxSessionsPerPrincipal: limit(
        legacy.maxSessionsPerPrincipal,
        DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
        'legacySessions.maxSessionsPerPrincipal',
        'SKILLNEST_MAX_SESSIONS_PER_PRINCIPAL',
      ),
      idleTimeoutMs: limit(legacy.idleTimeoutMs, DEFAULT_SESSION_IDLE_MS, 'legacySessions.idleTimeoutMs', 'SKILLNEST_SESSION_IDLE_MS'),
      maxStreams: limit(legacy.maxStreams, DEFAULT_MAX_STREAMS, 'legacySessions.maxStreams', 'SKILLNEST_MAX_SESSION_STREAMS'),
      maxStreamsPerPrincipal: limit(
        legacy.maxStreamsPerPrincipal,
        DEFAULT_MAX_STREAMS_PER_PRINCIPAL,
        'legacySessions.maxStreamsPerPrincipal',
        'SKILLNEST_MAX_SESSION_STREAMS_PER_PRINCIPAL',
      ),
    },
    listen: {
      maxStreams: limit(listen.maxStreams, DEFAULT_MAX_STREAMS, 'listenStreams.maxStreams', 'SKILLNEST_MAX_LISTEN_STREAMS'),
      maxStreamsPerPrincipal: limit(
        listen.maxStreamsPerPrincipal,
        DEFAULT_MAX_STREAMS_PER_PRINCIPAL,
        'listenStreams.maxStreamsPerPrincipal',
        'SKILLNEST_MAX_LISTEN_STREAMS_PER_PRINCIPAL',
      ),
    },
    subscriptions: {
      maxPerSession: limit(subscriptions.maxPerSession, DEFAULT_MAX_SUBSCRIPTIONS, 'resourceSubscriptions.maxPerSession', 'SKILLNEST_MAX_RESOURCE_SUBSCRIPTIONS'),
      maxUriLength: limit(subscriptions.maxUriLength, DEFAULT_MAX_URI_LENGTH, 'resourceSubscriptions.maxUriLength', 'SKILLNEST_MAX_RESOURCE_URI_LENGTH'),
    },
  };
}
