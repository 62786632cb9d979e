import { GatewayConfigError } from '../../errors/gateway-config.error';
import type { GatewayTelemetry } from '../gateway-telemetry';
import type { MetricsAccess, MetricsOptions } from './metrics.options';
import { MetricsMessages } from './metrics.messages';

const ACCESS: readonly MetricsAccess[] = ['bearer', 'port', 'open', 'off'];
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_GATEWAY = '/mcp';

/** The metrics options checked once (at module init, so a bad one fails `app.init()` as one line); what depends on the gateways is decided at bootstrap (`resolveMetricsAccess`). */
export interface MetricsSettings {
  /** Undefined: decided by the guarding gateway's auth. */
  readonly access: MetricsAccess | undefined;
  readonly scope: string | undefined;
  readonly port: number | undefined;
  readonly host: string;
  readonly gateway: string | undefined;
  readonly processMetrics: boolean;
}

/** How `/metrics` is served, once the gateways are known. `guard`: the gateway whose hooks the route takes (`bearer`, `open`). */
export type MetricsServing =
  | { readonly access: 'bearer'; readonly guard: GatewayTelemetry; readonly scope: string | undefined }
  | { readonly access: 'open'; readonly guard: GatewayTelemetry }
  | { readonly access: 'port'; readonly port: number; readonly host: string }
  | { readonly access: 'off'; readonly why: 'off' | 'no-gateway' };

const fail = (message: string): never => {
  throw new GatewayConfigError(message);
};

function text(value: unknown, option: string, env?: string): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^\S+$/.test(value) ? value : fail(MetricsMessages.invalidText(option, env));
}

/** Checks the options that need no gateway: a bad value or a setting that cannot apply fails startup, naming the option and its variable. */
export function checkMetricsOptions(options: MetricsOptions): MetricsSettings {
  const { access, port } = options;
  if (access !== undefined && !ACCESS.includes(access)) fail(MetricsMessages.invalidAccess(access));
  if (port !== undefined && !(Number.isSafeInteger(port) && port >= 0 && port <= 65_535)) fail(MetricsMessages.invalidPort(port));
  const host = text(options.host, 'host', 'SKILLNEST_METRICS_HOST');
  const scope = text(options.scope, 'scope', 'SKILLNEST_METRICS_SCOPE');
  const gateway = text(options.gateway, 'gateway');
  // Setting a port alone asks for a listener of its own.
  const known = access ?? (port !== undefined ? 'port' : undefined);
  if (known === 'port' && port === undefined) fail(MetricsMessages.portNeedsPort());
  if (known !== 'port' && port !== undefined) fail(MetricsMessages.onlyWithPort('port', 'SKILLNEST_METRICS_PORT', known ?? 'bearer or open'));
  if (known !== 'port' && host !== undefined) fail(MetricsMessages.onlyWithPort('host', 'SKILLNEST_METRICS_HOST', known ?? 'bearer or open'));
  if (scope !== undefined && known !== undefined && known !== 'bearer') fail(MetricsMessages.onlyWithBearer(known));
  return { access: known, scope, port, host: host ?? DEFAULT_HOST, gateway, processMetrics: options.processMetrics ?? true };
}

/**
 * Decides how `/metrics` is served. The route is served once for the whole app (its metrics
 * carry every gateway, by the `gateway` label), behind one gateway's hooks: `metrics.gateway`,
 * else `/mcp`, else the first gateway. By default its access follows that gateway's auth, so it
 * is never more open than the gateway itself.
 */
export function resolveMetricsAccess(settings: MetricsSettings, gateways: readonly GatewayTelemetry[]): MetricsServing {
  if (settings.access === 'port') return { access: 'port', port: settings.port!, host: settings.host };
  if (settings.access === 'off') return { access: 'off', why: 'off' };
  const named = settings.gateway ?? DEFAULT_GATEWAY;
  const guard = gateways.find((gateway) => gateway.path === named) ?? (settings.gateway === undefined ? gateways[0] : undefined);
  if (settings.gateway !== undefined && !guard)
    fail(
      MetricsMessages.unknownGateway(
        settings.gateway,
        gateways.map((gateway) => gateway.path),
      ),
    );
  if (!guard) return settings.access === undefined ? { access: 'off', why: 'no-gateway' } : fail(MetricsMessages.needsGateway(settings.access));
  const access = settings.access ?? (guard.authenticated ? 'bearer' : 'open');
  if (access === 'open') return settings.scope === undefined ? { access, guard } : fail(MetricsMessages.scopeNeedsAuth(guard.path));
  if (!guard.authenticated) fail(MetricsMessages.bearerNeedsAuth(guard.path));
  return { access: 'bearer', guard, scope: settings.scope };
}

/** Injection token of the `MetricsOptions` as given (checked by `MetricsEndpoint` at module init). */
export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
