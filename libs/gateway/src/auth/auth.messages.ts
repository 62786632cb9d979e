/**
 * Messages of the gateway's authentication, apart from `GatewayMessages` so that the auth code
 * keeps its wording in one place. Never interpolate a token.
 */
export const AuthMessages = {
  invalidTokenCacheLimit: (setting: string, value: unknown, least: number) => `${setting} ${String(value)} is not valid: use a whole number, ${least} or more.`,
  noSubject: () => 'The bearer token names no subject: it has neither a "sub" nor a "client_id" claim, so the caller cannot be identified.',
  introspectionNeedsResourceUrl: () =>
    'Token introspection needs the canonical resource URL (SKILLNEST_RESOURCE_URL): the introspection answer\'s "aud" must name it, or a token issued for another service would be accepted.',
  verifierBusy: () => 'Too many bearer tokens are being checked right now; try again in a moment.',
};
