/** Messages of the metrics part (startup errors, logs, refusals). Never interpolate a token. */
export const MetricsMessages = {
  invalidAccess: (value: unknown) => `metrics.access (SKILLNEST_METRICS) ${JSON.stringify(value)} is not valid: use bearer, port, open or off.`,
  invalidPort: (value: unknown) =>
    `metrics.port (SKILLNEST_METRICS_PORT) ${typeof value === 'number' && Number.isFinite(value) ? `${value} ` : ''}is not valid: use a whole number from 0 to 65535.`,
  portNeedsPort: () => 'metrics.access (SKILLNEST_METRICS) is port but no port is set: set metrics.port (SKILLNEST_METRICS_PORT).',
  onlyWithPort: (option: string, env: string, access: string) =>
    `metrics.${option} (${env}) only applies to access port, and metrics access is ${access}: remove it, or set SKILLNEST_METRICS=port.`,
  onlyWithBearer: (access: string) =>
    `metrics.scope (SKILLNEST_METRICS_SCOPE) only applies to access bearer, and metrics access is ${access}: remove it, or set SKILLNEST_METRICS=bearer.`,
  invalidText: (option: string, env: string | undefined) => `metrics.${option}${env ? ` (${env})` : ''} must be a non-empty string without spaces.`,
  bearerNeedsAuth: (path: string) =>
    `metrics.access (SKILLNEST_METRICS) is bearer but gateway ${path} is unauthenticated: configure its tokens (SKILLNEST_TOKENS, JWT or introspection), or use port or open.`,
  scopeNeedsAuth: (path: string) =>
    `metrics.scope (SKILLNEST_METRICS_SCOPE) needs bearer access, but gateway ${path} is unauthenticated: configure its tokens, or remove the scope.`,
  needsGateway: (access: string) => `metrics.access (SKILLNEST_METRICS) ${access} serves /metrics behind a gateway, but the app has no McpGatewayModule: use port.`,
  unknownGateway: (path: string, known: string[]) => `metrics.gateway ${JSON.stringify(path)} names no gateway of this app (gateways: ${known.join(', ') || 'none'}).`,
  portInUse: (host: string, port: number, cause: string) => `The metrics listener cannot bind ${host}:${port} (${cause}): choose another SKILLNEST_METRICS_PORT.`,
  served: (where: string, access: string) => `Metrics served at ${where} (${access}).`,
  openOnAuthenticated: (path: string) =>
    `Metrics are OPEN (SKILLNEST_METRICS=open) on an app whose gateway ${path} is authenticated: anyone who reaches the app's port can read /metrics. Use bearer, or port on a private address.`,
  notServed: () => 'Metrics are collected but not served (SKILLNEST_METRICS=off).',
  noGateway: () => 'Metrics are collected but not served: the app has no gateway to guard /metrics (set SKILLNEST_METRICS=port to serve them on a port of their own).',
  collectFailed: (cause: string) => `A metrics collector failed; the scrape was answered 500: ${cause}`,
  notCollected: () => 'Metrics could not be collected; the server log says why.\n',
  notFound: () => 'Not found: metrics are served at /metrics.\n',
  missingScope: (scope: string) => `Reading metrics needs scope ${scope}.`,
  taskCountsFailed: (path: string, cause: string) => `Task counts for metrics could not be read (gateway ${path}): ${cause}. Logged once until they can.`,
};
