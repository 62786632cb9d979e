import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';
import { clientErrorHandler } from './client-error.handler';

/** How long the HTTP server waits for a client to send its request (`SKILLNEST_REQUEST_TIMEOUT_MS`, `SKILLNEST_HEADERS_TIMEOUT_MS`). */
export interface ServerTimeoutOptions {
  /**
   * Longest time to receive a whole request, headers and body, in ms; a slower client gets 408
   * and its connection is closed. Only receiving is bounded: a response that takes long (a
   * long tool call, an SSE stream, `subscriptions/listen`) is never cut by it. Default 30000.
   */
  requestTimeoutMs?: number;
  /** Longest time to receive a request's headers, in ms; at most `requestTimeoutMs`. Default 10000 (or `requestTimeoutMs` when smaller). */
  headersTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/**
 * How often Node looks for connections past their deadline. Its default (30 s) let a trickling
 * client stay connected up to 30 s beyond the timeouts; a scan of the connections still sending a
 * request each second costs next to nothing.
 */
export const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

const REQUEST_SETTING = 'requestTimeoutMs (SKILLNEST_REQUEST_TIMEOUT_MS)';
const HEADERS_SETTING = 'headersTimeoutMs (SKILLNEST_HEADERS_TIMEOUT_MS)';

/** Both timeouts, resolved and checked: whole milliseconds of 1 or more, headers within the request's. */
export function resolveServerTimeouts(options: ServerTimeoutOptions = {}): Required<ServerTimeoutOptions> {
  const requestTimeoutMs = checked(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, REQUEST_SETTING);
  const headersTimeoutMs = checked(options.headersTimeoutMs ?? Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs), HEADERS_SETTING);
  // Node refuses a headers timeout above the request timeout; say which settings to change.
  if (headersTimeoutMs > requestTimeoutMs) throw new GatewayConfigError(GatewayMessages.headersTimeoutAboveRequest(headersTimeoutMs, requestTimeoutMs));
  return { requestTimeoutMs, headersTimeoutMs };
}

function checked(value: number, setting: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new GatewayConfigError(GatewayMessages.invalidServerTimeout(setting, String(value)));
  return value;
}

/** A variable's value as a number, refusing anything but digits so that a typo fails at startup rather than leaving the default. */
function fromEnv(env: NodeJS.ProcessEnv, name: string, setting: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new GatewayConfigError(GatewayMessages.invalidServerTimeout(setting, raw));
  return Number(raw);
}

/** The server timeouts from `SKILLNEST_REQUEST_TIMEOUT_MS` and `SKILLNEST_HEADERS_TIMEOUT_MS`, validated; unset ones take the defaults. */
export function serverTimeoutsFromEnv(env: NodeJS.ProcessEnv): Required<ServerTimeoutOptions> {
  return resolveServerTimeouts({
    requestTimeoutMs: fromEnv(env, 'SKILLNEST_REQUEST_TIMEOUT_MS', REQUEST_SETTING),
    headersTimeoutMs: fromEnv(env, 'SKILLNEST_HEADERS_TIMEOUT_MS', HEADERS_SETTING),
  });
}

/**
 * The Fastify options that enforce the timeouts: Node's own `requestTimeout` and
 * `headersTimeout`, with a check every second (`connectionsCheckingInterval` is read only when
 * the server is created, hence `http`, which Fastify passes to `http.createServer`), and a
 * `clientErrorHandler` that answers 408 / 431 / 400 as a JSON-RPC error. Fastify sets
 * `requestTimeout` on the server again after creating it, so it is given at the top level too.
 */
export function fastifyServerTimeouts(options: ServerTimeoutOptions = {}): Pick<FastifyHttpOptions<Server>, 'requestTimeout' | 'http' | 'clientErrorHandler'> {
  const { requestTimeoutMs, headersTimeoutMs } = resolveServerTimeouts(options);
  return {
    requestTimeout: requestTimeoutMs,
    http: { requestTimeout: requestTimeoutMs, headersTimeout: headersTimeoutMs, connectionsCheckingInterval: CONNECTIONS_CHECK_INTERVAL_MS },
    clientErrorHandler: clientErrorHandler({ requestTimeoutMs, headersTimeoutMs }),
  };
}
