import type { Type } from '@nestjs/common';

/** A static bearer token and who presents it. */
export interface StaticTokenEntry {
  token: string;
  /** Names the caller: skills see the caller id `static:<id>`. Default `token-<n>` (its place in the list). */
  id?: string;
  scopes?: string[];
}

/** A rate limit: `points` requests every `durationSec` seconds. */
export interface RateLimitRule {
  points: number;
  durationSec: number;
}

/** Options of `McpGatewayModule.forRoot()` / `forRootAsync()`. */
export interface McpGatewayOptions {
  /** Serve only the skills declared in these modules. Default: every skill of the app. */
  modules?: Array<Type<unknown>>;
  /** Verify JWT access tokens against the issuer's JWKS (audience: `resourceUrl`). */
  jwt?: { jwksUrl: string; issuer: string; algorithms?: string[]; cooldownMs?: number };
  /**
   * Verify opaque tokens by RFC 7662 introspection. `maxInFlight`: introspection calls (of
   * distinct tokens) that may run at once; one more answers 503 with Retry-After. Default 32.
   */
  introspection?: { url: string; clientId: string; clientSecret: string; maxInFlight?: number };
  /**
   * What token verdicts are remembered, keyed by the token's SHA-256 (never the token): a verified
   * token until the earlier of its `exp` and `maxAgeMs` (default 30000), in an LRU of `maxEntries`
   * (default 10000); a refused one for `refusedMaxAgeMs` (default 5000) in a separate LRU of
   * `refusedMaxEntries` (default 1000), so a flood of bad tokens cannot push good ones out.
   * A revoked token stays usable for up to `maxAgeMs`. Applies to JWTs and introspection.
   */
  tokenCache?: { maxEntries?: number; maxAgeMs?: number; refusedMaxEntries?: number; refusedMaxAgeMs?: number };
  /** Authorization servers advertised in the protected-resource metadata. */
  authorizationServers?: string[];
  /** Per-caller and per-skill request budgets (429 with Retry-After beyond them). */
  rateLimit?: { perPrincipal?: RateLimitRule; perSkill?: RateLimitRule };
  /**
   * What replicas share, through this Redis: rate budgets, legacy sessions (any replica serves
   * any session) and skills changes (switches and resource updates reach every replica).
   * Default: in-process memory, for one replica.
   */
  redisUrl?: string;
  /** First segment of every Redis key and channel (default `skillnest`), to keep apps or environments apart on one Redis. */
  redisPrefix?: string;
  /**
   * Also serve the tools over plain REST: `POST <prefix>/:name/run` (JSON) and
   * `POST <prefix>/:name/stream` (server-sent events). Off unless a prefix is given, e.g. `/skills`.
   */
  restPrefix?: string;
  /**
   * Answer plain `tools/call` and `tools/list` requests without building an SDK server per
   * request (see `McpFastPath`). Default true; false sends everything through the SDK.
   */
  fastPath?: boolean;
  /**
   * List this gateway's REST tools (routes, schemas, required scopes) in the OpenAPI document
   * that `setupSkillsOpenApi()` serves without a token at `/docs` and `/docs-json`; when no gateway
   * of the app does, those routes are not served at all. Default: on when unauthenticated, off
   * when authenticated.
   */
  docs?: boolean;
  /**
   * Log one line at the end of every MCP and REST request (request id, method, skill, caller id,
   * protocol revision, status, outcome, error id, duration), at level `info`. Default true.
   */
  requestLog?: boolean;
  /** Path of the MCP endpoint on the app's Fastify instance. Default `/mcp`. */
  path?: string;
  /** Name and version sent to clients. Default `skillnest` / the package version. */
  serverInfo?: { name: string; version: string; title?: string };
  /** Guidance for the model on how to use this server's skills. */
  instructions?: string;
  /**
   * Accepted bearer tokens. Empty or absent: the gateway is unauthenticated, and
   * `listenSafely()` binds the app to 127.0.0.1 only.
   */
  tokens?: Array<string | StaticTokenEntry>;
  /** The canonical URL of this endpoint (RFC 9728 `resource`). Default: derived from each request's Host. */
  resourceUrl?: string;
  /** Browser origins allowed to call the endpoint (`https://app.example.com`); localhost pages too, but only when unauthenticated. */
  allowedOrigins?: string[];
  /** Hostnames accepted in `Host`. Default: localhost names when unauthenticated, any otherwise. */
  allowedHosts?: string[];
  /** Largest accepted request body in bytes. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * At shutdown, how long requests in flight may take to finish, in ms. Skill calls still running
   * then are cancelled through their signal and answered that the server is shutting down (REST:
   * 503); the process exits within about a second more (plus `drainLingerMs`). Default 10000.
   */
  drainTimeoutMs?: number;
  /**
   * After the drain, how long to keep refusing (503, `Connection: close`, which a balancer retries
   * elsewhere) before the HTTP server closes, in ms. Set it above the balancer's upstream
   * keep-alive timeout (3 s in deploy/nginx.conf): closing a pooled idle connection as the
   * balancer sends on it is a request it may not retry. Default 0 (no balancer).
   */
  drainLingerMs?: number;
  /** Timeout of a skill call that sets no `timeoutMs`, in ms. Default 60000. */
  defaultTimeoutMs?: number;
  /**
   * Key (at least 32 bytes) that seals the state of multi-round `input_required` calls
   * (AES-256-GCM under a key derived by HKDF; the state is bound to its caller, tool and
   * arguments). Replicas must share it. Default: a random key per process.
   */
  requestStateKey?: string | Uint8Array;
  /**
   * Keys that sealed states before a rotation (at least 32 bytes each): states sealed under them
   * are still accepted, new ones are sealed with `requestStateKey`. Drop one after
   * `requestStateTtlMs` has passed since the rotation. Default none.
   */
  previousRequestStateKeys?: Array<string | Uint8Array>;
  /** How long an `input_required` state stays valid, in ms; each round issues a fresh one. Default 600000 (10 minutes). */
  requestStateTtlMs?: number;
  /** Items per page of `tools/list`, `prompts/list`, `resources/list`, `resources/templates/list`. Default 100. */
  pageSize?: number;
  /** Sessions for 2025-era clients that `initialize`, and their GET streams. */
  legacySessions?: {
    /** Most sessions open at once (across replicas with Redis); beyond it `initialize` gets 503. Default 10000. */
    maxSessions?: number;
    /** Most sessions one principal may hold (across replicas with Redis); beyond it 429. Anonymous callers share one budget. Default 64. */
    maxSessionsPerPrincipal?: number;
    /** A session nobody used for this long is closed, in ms; an open GET stream counts as use. Default 1800000 (30 minutes). */
    idleTimeoutMs?: number;
    /** Most GET streams open at once on one replica; beyond it 503. Default 1024. */
    maxStreams?: number;
    /** Most GET streams one principal may hold on one replica; beyond it 429. Default 16. */
    maxStreamsPerPrincipal?: number;
  };
  /** `subscriptions/listen` streams (2026-07-28). */
  listenStreams?: {
    /** Most listen streams open at once on one replica; beyond it 503. Default 1024. */
    maxStreams?: number;
    /** Most listen streams one principal may hold on one replica; beyond it 429. Default 16. */
    maxStreamsPerPrincipal?: number;
  };
  /** Durable tasks (the MCP Tasks extension, SEP-2663) of the tools declared with `@Tool({ task })`; see `TaskOptions`. */
  tasks?: TaskOptions;
  /** Resource subscriptions: `resources/subscribe` in a legacy session, `resourceSubscriptions` of a listen stream. */
  resourceSubscriptions?: {
    /** Most resources one session (or one listen stream) may subscribe to. Default 100. */
    maxPerSession?: number;
    /** Longest URI accepted, in characters; a longer one is invalid params (-32602). Default 2048. */
    maxUriLength?: number;
  };
}

/** Where tasks are kept and how they run (`McpGatewayOptions.tasks`). Every value has a finite default. */
export interface TaskOptions {
  /** The `PgPoolModule` pool that keeps the task rows; its table is created at startup. Default `default`. */
  pool?: string;
  /** How long a task is kept after its creation, in ms, unless its tool says otherwise. Default 3600000 (1 hour). */
  ttlMs?: number;
  /** The polling interval suggested to clients, in ms. Default 1000. */
  pollIntervalMs?: number;
  /** Timeout of a task's run when its tool sets no `timeoutMs`, in ms. Default 1800000 (30 minutes). */
  timeoutMs?: number;
  /** A replica that stops renewing the lease of a task it runs for this long, in ms, loses it to the others. Default 30000. */
  leaseMs?: number;
  /** How often each replica looks for lost leases and rows past their time to live, in ms. Default 5000. */
  sweepIntervalMs?: number;
  /** The most rows one sweep step handles (lost leases failed, re-run or deleted). Default 100. */
  sweepBatch?: number;
  /** Runs of a `rerunnable` task, the first included, before a lost one is failed instead. Default 3. */
  maxAttempts?: number;
  /** Most running tasks (working or waiting for input) one principal may hold, across replicas; beyond it 429. Default 32. */
  maxActivePerPrincipal?: number;
  /** Most tasks one principal may hold, finished ones kept until their time to live included. Default 1000. */
  maxStoredPerPrincipal?: number;
  /** Most running tasks of this gateway across replicas; beyond it 503. Default 1000. */
  maxActive?: number;
}

export const DEFAULT_MCP_PATH = '/mcp';
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
export const DEFAULT_SKILL_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_SESSIONS = 10_000;
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
export const DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = 64;
export const DEFAULT_MAX_STREAMS = 1024;
export const DEFAULT_MAX_STREAMS_PER_PRINCIPAL = 16;
export const DEFAULT_MAX_SUBSCRIPTIONS = 100;
export const DEFAULT_MAX_URI_LENGTH = 2048;
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_REQUEST_STATE_TTL_MS = 10 * 60_000;
