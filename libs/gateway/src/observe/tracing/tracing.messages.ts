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
};
