import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';
import type { McpGatewayOptions } from '../mcp-gateway.options';
import { AuthMessages } from './auth.messages';
import { IntrospectionVerifier } from './introspection.verifier';
import { JwtVerifier } from './jwt.verifier';
import { StaticTokenVerifier } from './static-token.verifier';
import type { TokenVerifier } from './token-verifier.interface';
import { resolveTokenCacheLimits } from './verified-token.cache';

/** The configured resource URL, parsed; a value that is no absolute http(s) URL fails at startup. */
export function resourceUrlOf(options: McpGatewayOptions): URL | undefined {
  if (options.resourceUrl === undefined) return undefined;
  const url = URL.canParse(options.resourceUrl) ? new URL(options.resourceUrl) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new GatewayConfigError(AuthMessages.invalidResourceUrl());
  return url;
}

/** The gateway's verifiers, cheapest first: static tokens, JWT (local check), introspection (a call). */
export function createVerifiers(options: McpGatewayOptions): TokenVerifier[] {
  const verifiers: TokenVerifier[] = [];
  resourceUrlOf(options);
  // Authorization servers are advertised in the metadata document, which only a resource URL identifies.
  if (options.authorizationServers?.length && !options.resourceUrl) throw new GatewayConfigError(AuthMessages.authServersNeedResourceUrl());
  // Checked even when no verifier uses them yet, so that a typo in a setting fails at startup.
  resolveTokenCacheLimits({ ...options.tokenCache, maxInFlight: options.introspection?.maxInFlight });
  const statics = new StaticTokenVerifier(options.tokens ?? []);
  if (statics.enabled) verifiers.push(statics);
  if (options.jwt) {
    if (!options.resourceUrl) throw new GatewayConfigError(GatewayMessages.jwtNeedsResourceUrl());
    verifiers.push(new JwtVerifier({ ...options.jwt, audience: options.resourceUrl, limits: options.tokenCache }));
  }
  if (options.introspection) {
    // Without it no audience can be checked, and a token minted for any other service would pass.
    if (!options.resourceUrl) throw new GatewayConfigError(AuthMessages.introspectionNeedsResourceUrl());
    const { maxInFlight, ...endpoint } = options.introspection;
    verifiers.push(new IntrospectionVerifier({ ...endpoint, audience: options.resourceUrl, limits: { ...options.tokenCache, maxInFlight } }));
  }
  return verifiers;
}
