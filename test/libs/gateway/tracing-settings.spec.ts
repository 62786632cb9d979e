import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { observabilityOptionsFromEnv } from '@skillnest/gateway';
import { GatewayConfigError, startTracing, tracingSdkSettingsFromEnv } from '@skillnest/gateway/tracing';

const ENDPOINT = 'http://collector.internal:4318';

describe('tracing settings from the environment', () => {
  it('sets nothing up without an endpoint or SKILLNEST_TRACING=on, or when switched off', () => {
    expect(tracingSdkSettingsFromEnv({})).toBeUndefined();
    expect(tracingSdkSettingsFromEnv({ SKILLNEST_TRACING: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT })).toBeUndefined();
    expect(tracingSdkSettingsFromEnv({ OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT })).toBeUndefined();
    expect(tracingSdkSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT })).toBeUndefined();
    expect(startTracing({})).toBeUndefined();
  });

  it('exports over OTLP/HTTP to <endpoint>/v1/traces, or to the traces endpoint as given, with the defaults', () => {
    expect(tracingSdkSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT })).toEqual({
      export: { kind: 'otlp', url: `${ENDPOINT}/v1/traces` },
      serviceName: 'skillnest',
      resourceAttributes: {},
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      batch: { scheduledDelayMillis: undefined, maxQueueSize: undefined, maxExportBatchSize: undefined, exportTimeoutMillis: undefined },
    });
    expect(tracingSdkSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `${ENDPOINT}/otel/` })?.export).toEqual({ kind: 'otlp', url: `${ENDPOINT}/otel/v1/traces` });
    expect(tracingSdkSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/in' })?.export).toEqual({
      kind: 'otlp',
      url: 'https://traces.example.com/in',
    });
  });

  it('SKILLNEST_TRACING=on without an endpoint makes spans and sends none; OTEL_TRACES_EXPORTER=console prints them', () => {
    expect(tracingSdkSettingsFromEnv({ SKILLNEST_TRACING: 'on' })?.export).toEqual({ kind: 'none' });
    expect(tracingSdkSettingsFromEnv({ SKILLNEST_TRACING: 'on', OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT })?.export).toEqual({ kind: 'none' });
    expect(tracingSdkSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'console' })?.export).toEqual({ kind: 'console' });
  });

  it('reads the service name, resource attributes, sampler and batch settings', () => {
    const settings = tracingSdkSettingsFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT,
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes,deployment.environment.name=prod,team=platform%20ops',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256',
      OTEL_BSP_EXPORT_TIMEOUT: '10000',
    });
    expect(settings).toMatchObject({
      serviceName: 'from-attributes',
      resourceAttributes: { 'deployment.environment.name': 'prod', team: 'platform ops' },
      sampler: { name: 'parentbased_traceidratio', ratio: 0.25 },
      batch: { scheduledDelayMillis: 200, maxQueueSize: 4096, maxExportBatchSize: 256, exportTimeoutMillis: 10000 },
    });
    expect(tracingSdkSettingsFromEnv({ SKILLNEST_TRACING: 'on', OTEL_SERVICE_NAME: 'ops-skills', OTEL_RESOURCE_ATTRIBUTES: 'service.name=x' })?.serviceName).toBe('ops-skills');
  });

  it.each([
    [{ SKILLNEST_TRACING: 'yes' }, 'SKILLNEST_TRACING must be "on" or "off"'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT is not a valid http(s) URL.'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://user:secret@host/x' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not a valid http(s) URL.'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER "zipkin" is not supported'],
    [{ SKILLNEST_TRACING: 'on', OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER "sometimes" is not supported'],
    [{ SKILLNEST_TRACING: 'on', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG "1.5" is not valid'],
    [{ SKILLNEST_TRACING: 'on', OTEL_BSP_SCHEDULE_DELAY: '5s' }, 'OTEL_BSP_SCHEDULE_DELAY "5s" is not valid: use a whole number, 0 or more.'],
    [{ SKILLNEST_TRACING: 'on', OTEL_BSP_MAX_QUEUE_SIZE: '0' }, 'OTEL_BSP_MAX_QUEUE_SIZE "0" is not valid: use a whole number, 1 or more.'],
  ])('refuses %j, naming the variable (and never echoing an endpoint)', (env, message) => {
    expect(() => tracingSdkSettingsFromEnv(env)).toThrow(GatewayConfigError);
    expect(() => tracingSdkSettingsFromEnv(env)).toThrow(message);
    expect(() => tracingSdkSettingsFromEnv(env)).not.toThrow(/secret|collector:4318/);
  });

  it('leaves an SDK registered before alone', () => {
    const own = new TracerProvider();
    trace.setGlobalTracerProvider(own);
    try {
      expect(startTracing({ SKILLNEST_TRACING: 'on' })).toBeUndefined();
      expect(trace.getTracer('spec')).toBe(own.getTracer('spec'));
    } finally {
      trace.disable();
    }
  });

  it('ObservabilityModule makes no gateway spans when tracing is switched off', () => {
    expect(observabilityOptionsFromEnv({ SKILLNEST_TRACING: 'off' }).tracing).toBe(false);
    expect(observabilityOptionsFromEnv({ OTEL_SDK_DISABLED: 'true' }).tracing).toBe(false);
    expect(observabilityOptionsFromEnv({ SKILLNEST_TRACING: 'on' }).tracing).toBeUndefined();
  });
});
