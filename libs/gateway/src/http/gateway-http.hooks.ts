import { Injectable } from '@nestjs/common';
import type { onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { getOAuthProtectedResourceMetadataUrl, localhostAllowedHostnames } from '@modelcontextprotocol/server';
import { bearerAuthHook } from '../auth/bearer-auth.hook';
import type { TokenVerifier } from '../auth/token-verifier.interface';
import { createVerifiers, resourceUrlOf } from '../auth/verifiers.factory';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayRateLimits } from '../dispatch/gateway-rate-limits';
import { SkillDispatcher } from '../dispatch/skill-dispatcher';
import { GatewayRefusals } from '../observe/gateway-refusals';
import { originHostHook, originPolicy } from './origin-host.hook';
import { rateLimitHook } from './rate-limit.hook';

/**
 * The Fastify hooks one gateway's routes share: Origin/Host and bearer auth before the body is
 * read, rate budgets after it is parsed, and the RFC 9728 metadata URL the challenges name.
 */
@Injectable()
export class GatewayHttpHooks {
  private readonly verifiers: TokenVerifier[];
  readonly isAllowedOrigin: (origin: string) => boolean;
  /** Path of the protected-resource metadata document of this gateway's endpoint. */
  readonly metadataPath: string;
  /**
   * The URL of that document, named in challenges: from `resourceUrl` alone, never from a
   * request's `Host`. Undefined without a resource URL (or without auth): no document is served.
   */
  readonly metadataUrl: string | undefined;
  /** Before the body is read: Origin/Host, then (when authenticated) the bearer token. */
  readonly onRequest: onRequestHookHandler[];
  /** The Origin/Host check alone (the first of `onRequest`), for a route served without auth (`/metrics` when open). */
  readonly originHost: onRequestHookHandler;
  constructor(
    private readonly config: GatewayConfig,
    private readonly limits: GatewayRateLimits,
    private readonly dispatcher: SkillDispatcher,
    private readonly refusals: GatewayRefusals,
  ) {
    this.verifiers = createVerifiers(config.options);
    this.isAllowedOrigin = originPolicy(config.allowedOrigins, !this.authenticated);
    this.metadataPath = new URL(getOAuthProtectedResourceMetadataUrl(new URL(config.path, 'http://placeholder'))).pathname;
    const resource = resourceUrlOf(config.options);
    this.metadataUrl = resource && this.authenticated ? `${resource.origin}${this.metadataPath}` : undefined;
    const allowedHosts = config.options.allowedHosts ?? (this.authenticated ? undefined : localhostAllowedHostnames());
    this.originHost = originHostHook(this.isAllowedOrigin, allowedHosts);
    this.onRequest = [this.originHost, ...(this.authenticated ? [bearerAuthHook(this.verifiers, this.metadataUrl, (reason) => refusals.authFailed(reason))] : [])];
  }

  /** After the body is parsed, on the MCP route: the principal's budget and a tool call's (asked at bootstrap). */
  mcpPreHandler(): preHandlerHookHandler[] {
    return this.limits.enabled ? [rateLimitHook(this.limits, this.dispatcher, this.countRateRefusal)] : [];
  }

  /** After the body is parsed, on REST: the principal's budget (the dispatcher charges the tool's). */
  restPreHandler(): preHandlerHookHandler[] {
    return this.limits.enabled ? [rateLimitHook(this.limits, undefined, this.countRateRefusal)] : [];
  }

  private readonly countRateRefusal = (scope: 'principal' | 'skill', skill?: string) => this.refusals.rateRefused(scope, skill);

  /** True when requests need a valid bearer token. */
  get authenticated(): boolean {
    return this.verifiers.length > 0;
  }
}
