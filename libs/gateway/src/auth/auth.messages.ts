/**
 * Messages of the gateway's authentication, apart from `GatewayMessages` so that the auth code
 * keeps its wording in one place. Never interpolate a token.
 */
export const AuthMessages = {
  invalidTokenCacheLimit: (setting: string, value: unknown, least: number) => `${setting} ${String(value)} is not valid: use a whole number, ${least} or more.`,
  noSubject: () => 'The bearer token names no subject: it has neither a "sub" nor a "client_id" claim, so the caller cannot be identified.',
  introspectionNeedsResourceUrl: () =>
    'Token introspection needs the canonical resource URL (SKILLNEST_RESOURCE_URL): the introspection answer\'s "aud" must name it, or a token issued for another service would be accepted.',
  invalidResourceUrl: () => 'The resource URL (SKILLNEST_RESOURCE_URL) must be an absolute http or https URL, e.g. https://mcp.example.com/mcp.',
  authServersNeedResourceUrl: () =>
    'Authorization servers (SKILLNEST_AUTH_SERVERS) are advertised in the protected-resource metadata, which needs the canonical resource URL (SKILLNEST_RESOURCE_URL).',
  noResourceMetadata: (path: string) =>
    `Gateway ${path} serves no protected-resource metadata (RFC 9728): set SKILLNEST_RESOURCE_URL to its public URL to publish it. It is never derived from the request's Host.`,
  notOnOff: (setting: string, value: string) => `${setting}=${JSON.stringify(value)} is not valid: use on or off.`,
  docsOff: () => 'OpenAPI document not served: every gateway of this app is authenticated or has docs off (set SKILLNEST_DOCS=on to serve it).',
  verifierBusy: () => 'Too many bearer tokens are being checked right now; try again in a moment.',
};
