/** Every message the tracing setup writes (startup refusals). Never interpolate endpoints: they may carry credentials. */
export const TracingMessages = {
  notOnOff: (setting: string, value: string) => `${setting} must be "on" or "off" (unset: tracing when an OTLP endpoint is set), not ${JSON.stringify(value)}.`,
  notUrl: (setting: string) => `${setting} is not a valid http(s) URL.`,
  unknownExporter: (value: string) => `OTEL_TRACES_EXPORTER ${JSON.stringify(value)} is not supported: use otlp, console or none.`,
  unknownSampler: (value: string) =>
    `OTEL_TRACES_SAMPLER ${JSON.stringify(value)} is not supported: use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio.`,
  invalidRatio: (value: string) => `OTEL_TRACES_SAMPLER_ARG ${JSON.stringify(value)} is not valid: use a ratio from 0 to 1.`,
  invalidWhole: (setting: string, value: string, min: number) => `${setting} ${JSON.stringify(value)} is not valid: use a whole number, ${min} or more.`,
  startupFailed: (message: string) => `Startup failed: ${message}`,
  exporting: (exporter: 'otlp' | 'console', service: string) =>
    `OpenTelemetry tracing on: spans of service ${JSON.stringify(service)} go to ${exporter === 'otlp' ? 'the OTLP/HTTP collector (OTEL_EXPORTER_OTLP_ENDPOINT)' : 'stdout (OTEL_TRACES_EXPORTER=console)'}.`,
  notExporting: (service: string) =>
    `OpenTelemetry tracing on without an exporter: spans of service ${JSON.stringify(service)} are made and not sent (SKILLNEST_TRACING=on, no OTLP endpoint).`,
  lastSpansLost: (timeoutMs: number) => `Tracing: the last spans could not be exported within ${timeoutMs} ms at shutdown; they are lost.`,
};
