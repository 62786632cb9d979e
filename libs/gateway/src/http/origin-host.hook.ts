import type { FastifyReply, FastifyRequest } from 'fastify';
import { localhostAllowedHostnames, validateHostHeader } from '@modelcontextprotocol/server';
import { GatewayMessages } from '../gateway.messages';
import { sendJsonRpcError } from './json-rpc-error.reply';

const FORBIDDEN = -32600;
const LOCAL_HOSTNAMES = new Set(localhostAllowedHostnames().map((name) => name.replace(/^\[|\]$/g, '')));

function originOf(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser origin may call the gateway: listed, `*`, or (with `allowLocalhost`) a
 * localhost page. Origins are compared whole (scheme, host, port), which the SDK's hostname-only
 * helper does not do. Localhost pages are let in only on an unauthenticated gateway, which serves
 * the local user alone: on a public authenticated one any page a visitor opens on some localhost
 * port (a dev server, a malicious local app) would otherwise be an allowed origin.
 */
export function originPolicy(allowedOrigins: readonly string[], allowLocalhost: boolean): (origin: string) => boolean {
  const origins = new Set(allowedOrigins.map((origin) => originOf(origin)?.origin ?? origin));
  if (origins.has('*')) return () => true;
  return (origin) => {
    const parsed = originOf(origin);
    return parsed !== undefined && (origins.has(parsed.origin) || (allowLocalhost && LOCAL_HOSTNAMES.has(parsed.hostname.replace(/^\[|\]$/g, ''))));
  };
}

/** Distinct Host values remembered; a client sending random ones only misses the memo. */
const HOST_MEMO_LIMIT = 64;

/**
 * An `onRequest` hook against cross-site requests and DNS rebinding. A request without `Origin`
 * (every non-browser MCP client) passes; a browser origin must pass `isAllowedOrigin`. `Host` is
 * checked against an allow-list with the SDK's validator when one is set.
 */
export function originHostHook(isAllowedOrigin: (origin: string) => boolean, allowedHosts: readonly string[] | undefined) {
  const hosts = allowedHosts ? [...allowedHosts] : undefined;
  // The SDK's validator parses a URL per call; a gateway sees a handful of Host values, so the
  // verdict is remembered per value (bounded, so foreign values cannot grow it).
  const verdicts = new Map<string, boolean>();
  const hostAllowed = (host: string | undefined): boolean => {
    if (!hosts) return true;
    if (host === undefined) return validateHostHeader(host, hosts).ok;
    let ok = verdicts.get(host);
    if (ok === undefined) {
      ok = validateHostHeader(host, hosts).ok;
      if (verdicts.size < HOST_MEMO_LIMIT) verdicts.set(host, ok);
    }
    return ok;
  };
  // Callback style: this runs on every request, and an async hook costs a promise each time.
  return function checkOriginAndHost(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (!hostAllowed(request.headers.host)) {
      sendJsonRpcError(reply, 403, FORBIDDEN, GatewayMessages.foreignHost());
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin)) {
      sendJsonRpcError(reply, 403, FORBIDDEN, GatewayMessages.foreignOrigin());
      return;
    }
    done();
  };
}
