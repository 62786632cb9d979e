import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';
import type { McpGatewayOptions } from '../mcp-gateway.options';
import { IntrospectionVerifier } from './introspection.verifier';
import { JwtVerifier } from './jwt.verifier';
import { StaticTokenVerifier } from './static-token.verifier';
import type { TokenVerifier } from './token-verifier.interface';

/** The gateway's verifiers, cheapest first: static tokens, JWT (local check), introspection (a call). */
export function createVerifiers(options: McpGatewayOptions): TokenVerifier[] {
  const verifiers: TokenVerifier[] = [];
  const statics = new StaticTokenVerifier(options.tokens ?? []);
  if (statics.enabled) verifiers.push(statics);
  if (options.jwt) {
    if (!options.resourceUrl) throw new GatewayConfigError(GatewayMessages.jwtNeedsResourceUrl());
    verifiers.push(new JwtVerifier({ ...options.jwt, audience: options.resourceUrl }));
  }
  if (options.introspection) verifiers.push(new IntrospectionVerifier({ ...options.introspection, audience: options.resourceUrl }));
  return verifiers;
}
