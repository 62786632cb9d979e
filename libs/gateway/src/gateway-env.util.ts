import { readFileSync } from 'node:fs';
import { AuthMessages } from './auth/auth.messages';
import { parseTokenList } from './auth/static-token.verifier';
import { GatewayConfigError } from './errors/gateway-config.error';
import { GatewayMessages } from './gateway.messages';
import type { McpGatewayOptions } from './mcp-gateway.options';
import { TASK_ENV } from './tasks/task-settings';

/** A number when the variable is set (a typo then fails validation at startup instead of leaving the default). */
const numberIfSet = (value: string | undefined) => (value ? Number(value) : undefined);

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `on` or `off`; anything else fails at startup, naming the variable. */
function onOff(value: string | undefined, setting: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new GatewayConfigError(AuthMessages.notOnOff(setting, value));
}

/** `100/60`: 100 requests every 60 seconds. */
function rule(value: string | undefined): { points: number; durationSec: number } | undefined {
  const match = value ? /^(\d+)\/(\d+)$/.exec(value.trim()) : null;
  return match ? { points: Number(match[1]), durationSec: Number(match[2]) } : undefined;
}

/** A secret mounted as a file (Docker or Kubernetes), read once at bootstrap. */
function secretFromFile(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new GatewayConfigError(GatewayMessages.secretFileUnreadable(setting));
  }
}

/** Tokens from a file, one per line or comma-separated. */
function tokensFromFile(file: string | undefined): string {
  return file ? secretFromFile(file, 'SKILLNEST_TOKENS_FILE').split(/\r?\n/).join(',') : '';
}

/** Keys from a file, one per line or comma-separated. */
function keysFromFile(file: string | undefined): string[] {
  return file ? (list(secretFromFile(file, 'SKILLNEST_STATE_KEY_PREVIOUS_FILE').replace(/\r?\n/g, ',')) ?? []) : [];
}

/**
 * Gateway options from the environment: `SKILLNEST_TOKENS` (comma-separated, `id=token` to name
 * the caller) and/or `SKILLNEST_TOKENS_FILE` (a secret file); `SKILLNEST_JWKS_URL` +
 * `SKILLNEST_JWT_ISSUER` (JWT); `SKILLNEST_INTROSPECTION_URL` + `_CLIENT_ID` + `_CLIENT_SECRET` (+ `_MAX_IN_FLIGHT`);
 * `SKILLNEST_TOKEN_CACHE_MAX` / `_MS`, `SKILLNEST_TOKEN_REFUSED_CACHE_MAX` / `_MS`;
 * `SKILLNEST_AUTH_SERVERS`; `REDIS_URL`; `SKILLNEST_RATE_LIMIT_PER_PRINCIPAL` / `_PER_SKILL`
 * (`points/seconds`); `SKILLNEST_RESOURCE_URL`, `SKILLNEST_ALLOWED_ORIGINS`, `SKILLNEST_ALLOWED_HOSTS`,
 * `SKILLNEST_MAX_BODY_BYTES`; `SKILLNEST_STATE_KEY` (or `_FILE`), `SKILLNEST_STATE_KEY_PREVIOUS` (or
 * `_FILE`, keys of before a rotation), `SKILLNEST_STATE_TTL_MS`; `SKILLNEST_DOCS` (`on`/`off`); `SKILLNEST_LOG_REQUESTS` (`on`/`off`); the shared-resource caps `SKILLNEST_MAX_SESSIONS[_PER_PRINCIPAL]`,
 * `SKILLNEST_MAX_SESSION_STREAMS[_PER_PRINCIPAL]`, `SKILLNEST_MAX_LISTEN_STREAMS[_PER_PRINCIPAL]`,
 * `SKILLNEST_MAX_RESOURCE_SUBSCRIPTIONS`, `SKILLNEST_MAX_RESOURCE_URI_LENGTH`; the task settings (`TASK_ENV`: `SKILLNEST_TASKS_POOL`,
 * `SKILLNEST_TASK_*`, `SKILLNEST_MAX_TASKS[_PER_PRINCIPAL]`, `SKILLNEST_MAX_STORED_TASKS_PER_PRINCIPAL`). Unset variables leave the defaults.
 */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv): McpGatewayOptions {
  const docs = onOff(env.SKILLNEST_DOCS, 'SKILLNEST_DOCS');
  const requestLog = onOff(env.SKILLNEST_LOG_REQUESTS, 'SKILLNEST_LOG_REQUESTS');
  return {
    ...(docs === undefined ? {} : { docs }),
    ...(requestLog === undefined ? {} : { requestLog }),
    tokens: parseTokenList([env.SKILLNEST_TOKENS ?? '', tokensFromFile(env.SKILLNEST_TOKENS_FILE)].join(',')),
    ...(env.SKILLNEST_RESOURCE_URL ? { resourceUrl: env.SKILLNEST_RESOURCE_URL } : {}),
    ...(env.SKILLNEST_ALLOWED_ORIGINS ? { allowedOrigins: list(env.SKILLNEST_ALLOWED_ORIGINS) } : {}),
    ...(env.SKILLNEST_ALLOWED_HOSTS ? { allowedHosts: list(env.SKILLNEST_ALLOWED_HOSTS) } : {}),
    // Any value set is passed on, so that a typo fails at startup rather than leaving the default.
    ...(env.SKILLNEST_MAX_BODY_BYTES ? { maxBodyBytes: Number(env.SKILLNEST_MAX_BODY_BYTES) } : {}),
    ...(env.SKILLNEST_DRAIN_TIMEOUT_MS ? { drainTimeoutMs: Number(env.SKILLNEST_DRAIN_TIMEOUT_MS) } : {}),
    ...(env.SKILLNEST_DRAIN_LINGER_MS ? { drainLingerMs: Number(env.SKILLNEST_DRAIN_LINGER_MS) } : {}),
    ...(env.SKILLNEST_SKILL_TIMEOUT_MS ? { defaultTimeoutMs: Number(env.SKILLNEST_SKILL_TIMEOUT_MS) } : {}),
    ...(env.SKILLNEST_STATE_KEY || env.SKILLNEST_STATE_KEY_FILE
      ? { requestStateKey: env.SKILLNEST_STATE_KEY || secretFromFile(env.SKILLNEST_STATE_KEY_FILE!, 'SKILLNEST_STATE_KEY_FILE') }
      : {}),
    ...(env.SKILLNEST_STATE_KEY_PREVIOUS || env.SKILLNEST_STATE_KEY_PREVIOUS_FILE
      ? { previousRequestStateKeys: [...(list(env.SKILLNEST_STATE_KEY_PREVIOUS) ?? []), ...keysFromFile(env.SKILLNEST_STATE_KEY_PREVIOUS_FILE)] }
      : {}),
    ...(env.SKILLNEST_STATE_TTL_MS ? { requestStateTtlMs: Number(env.SKILLNEST_STATE_TTL_MS) } : {}),
    ...(env.SKILLNEST_JWKS_URL
      ? {
          jwt: {
            jwksUrl: env.SKILLNEST_JWKS_URL,
            issuer: env.SKILLNEST_JWT_ISSUER ?? '',
            ...(env.SKILLNEST_JWT_ALGORITHMS ? { algorithms: list(env.SKILLNEST_JWT_ALGORITHMS) } : {}),
            ...(Number(env.SKILLNEST_JWKS_COOLDOWN_MS) >= 0 && env.SKILLNEST_JWKS_COOLDOWN_MS ? { cooldownMs: Number(env.SKILLNEST_JWKS_COOLDOWN_MS) } : {}),
          },
        }
      : {}),
    ...(env.SKILLNEST_INTROSPECTION_URL
      ? {
          introspection: {
            url: env.SKILLNEST_INTROSPECTION_URL,
            clientId: env.SKILLNEST_INTROSPECTION_CLIENT_ID ?? '',
            clientSecret: env.SKILLNEST_INTROSPECTION_CLIENT_SECRET ?? '',
            maxInFlight: numberIfSet(env.SKILLNEST_INTROSPECTION_MAX_IN_FLIGHT),
          },
        }
      : {}),
    tokenCache: {
      maxEntries: numberIfSet(env.SKILLNEST_TOKEN_CACHE_MAX),
      maxAgeMs: numberIfSet(env.SKILLNEST_TOKEN_CACHE_MS),
      refusedMaxEntries: numberIfSet(env.SKILLNEST_TOKEN_REFUSED_CACHE_MAX),
      refusedMaxAgeMs: numberIfSet(env.SKILLNEST_TOKEN_REFUSED_CACHE_MS),
    },
    ...(env.SKILLNEST_AUTH_SERVERS ? { authorizationServers: list(env.SKILLNEST_AUTH_SERVERS) } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.SKILLNEST_REDIS_PREFIX ? { redisPrefix: env.SKILLNEST_REDIS_PREFIX } : {}),
    ...(rule(env.SKILLNEST_RATE_LIMIT_PER_PRINCIPAL) || rule(env.SKILLNEST_RATE_LIMIT_PER_SKILL)
      ? { rateLimit: { perPrincipal: rule(env.SKILLNEST_RATE_LIMIT_PER_PRINCIPAL), perSkill: rule(env.SKILLNEST_RATE_LIMIT_PER_SKILL) } }
      : {}),
    legacySessions: {
      // Shared-resource caps: any value set is passed on, so that a typo fails at startup.
      ...(env.SKILLNEST_MAX_SESSIONS ? { maxSessions: Number(env.SKILLNEST_MAX_SESSIONS) } : {}),
      ...(env.SKILLNEST_SESSION_IDLE_MS ? { idleTimeoutMs: Number(env.SKILLNEST_SESSION_IDLE_MS) } : {}),
      ...(env.SKILLNEST_MAX_SESSIONS_PER_PRINCIPAL ? { maxSessionsPerPrincipal: Number(env.SKILLNEST_MAX_SESSIONS_PER_PRINCIPAL) } : {}),
      ...(env.SKILLNEST_MAX_SESSION_STREAMS ? { maxStreams: Number(env.SKILLNEST_MAX_SESSION_STREAMS) } : {}),
      ...(env.SKILLNEST_MAX_SESSION_STREAMS_PER_PRINCIPAL ? { maxStreamsPerPrincipal: Number(env.SKILLNEST_MAX_SESSION_STREAMS_PER_PRINCIPAL) } : {}),
    },
    listenStreams: {
      ...(env.SKILLNEST_MAX_LISTEN_STREAMS ? { maxStreams: Number(env.SKILLNEST_MAX_LISTEN_STREAMS) } : {}),
      ...(env.SKILLNEST_MAX_LISTEN_STREAMS_PER_PRINCIPAL ? { maxStreamsPerPrincipal: Number(env.SKILLNEST_MAX_LISTEN_STREAMS_PER_PRINCIPAL) } : {}),
    },
    // Any value set is passed on (a number but the pool's name), so that a typo fails at startup.
    tasks: Object.fromEntries(Object.entries(TASK_ENV).flatMap(([key, name]) => (env[name] ? [[key, key === 'pool' ? env[name] : Number(env[name])]] : []))),
    resourceSubscriptions: {
      ...(env.SKILLNEST_MAX_RESOURCE_SUBSCRIPTIONS ? { maxPerSession: Number(env.SKILLNEST_MAX_RESOURCE_SUBSCRIPTIONS) } : {}),
      ...(env.SKILLNEST_MAX_RESOURCE_URI_LENGTH ? { maxUriLength: Number(env.SKILLNEST_MAX_RESOURCE_URI_LENGTH) } : {}),
    },
  };
}
