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
 * An `onRequest` hook against cross-site requests and DNS rebinding. A request without `Origin`
 * (every non-browser MCP client) passes; a browser origin passes when it is listed or is a
 * localhost page. `Host` is checked against an allow-list with the SDK's validator when one is set.
 * Origins are compared whole (scheme, host, port), which the SDK's hostname-only helper does not do.
 */
/** Whether a browser origin may call the gateway: listed, `*`, or a localhost page. */
export function originPolicy(allowedOrigins: readonly string[]): (origin: string) => boolean {
  const origins = new Set(allowedOrigins.map((origin) => originOf(origin)?.origin ?? origin));
  if (origins.has('*')) return () => true;
  return (origin) => {
    const parsed = originOf(origin);
    return parsed !== undefined && (origins.has(parsed.origin) || LOCAL_HOSTNAMES.has(parsed.hostname.replace(/^\[|\]$/g, '')));
  };
}

export function originHostHook(isAllowedOrigin: (origin: string) => boolean, allowedHosts: readonly string[] | undefined) {
  const hosts = allowedHosts ? [...allowedHosts] : undefined;
  // Callback style: this runs on every request, and an async hook costs a promise each time.
  return function checkOriginAndHost(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (hosts && !validateHostHeader(request.headers.host, hosts).ok) {
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
