/** Every message the stdio front door writes to its client or its log. */
export const StdioMessages = {
  serving: (gateway: string, callerId: string, legacy: 'serve' | 'reject') =>
    `Serving gateway ${gateway} over stdio as ${JSON.stringify(callerId)} (2026-07-28${legacy === 'serve' ? ' and 2025 clients' : ' only'}); no HTTP listener.`,
  ended: () => 'stdin closed: the client went away, shutting down.',
  shutdownFailed: (cause: string) => `Shutdown failed: ${cause}`,
  shuttingDown: () => 'Server is shutting down.',
  draining: (active: number, deadlineMs: number) => `stdio draining: waiting for ${active} request(s) in flight (deadline ${deadlineMs} ms).`,
  drained: (ms: number) => `stdio drained: no request in flight (${ms} ms).`,
  drainDeadline: (active: number, cancelled: number) => `stdio drain deadline passed with ${active} request(s) in flight; cancelled ${cancelled} running call(s).`,
  transportError: (cause: string) => `stdio transport: ${cause}`,
  alreadyServing: () => 'stdio is already served by a gateway of this process: one process has one stdin.',
  noGateway: (path: string | undefined, paths: string[]) =>
    path === undefined
      ? 'No McpGatewayModule in this app: import one to serve it over stdio.'
      : `No gateway at ${path} to serve over stdio (gateways: ${paths.join(', ') || 'none'}).`,
  badCaller: (value: string) =>
    `SKILLNEST_STDIO_CALLER must be a caller id without spaces or control characters, at most 200 characters (got ${JSON.stringify(value.slice(0, 40))}).`,
  badScope: (value: string) => `SKILLNEST_STDIO_SCOPES must be scopes separated by spaces or commas (got ${JSON.stringify(value.slice(0, 40))}).`,
  badLegacy: (value: string) => `SKILLNEST_STDIO_LEGACY must be serve or reject (got ${JSON.stringify(value.slice(0, 40))}).`,
  logsOnStdout: () => 'SKILLNEST_LOG_DESTINATION=stdout cannot be used over stdio: stdout carries the protocol. Leave it unset or set it to stderr.',
};
