import { GatewayConfigError } from '../../errors/gateway-config.error';

/** How the app's logger writes: one setting for the format, one for the level, and where to. */
export interface LogSettings {
  /** `json`: one JSON object a line (production); `pretty`: coloured, readable lines (development). */
  format: 'json' | 'pretty';
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** File descriptor written to: 1 (stdout, the default) or 2 (stderr: a stdio server, whose stdout is the protocol); any open descriptor in code. */
  destination: number;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * `SKILLNEST_LOG_FORMAT` (`json` | `pretty`; default `json` when `NODE_ENV=production`, `pretty`
 * otherwise), `SKILLNEST_LOG_LEVEL` (default `info`), `SKILLNEST_LOG_DESTINATION` (`stdout` |
 * `stderr`). A value outside these fails startup, naming the setting.
 */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv): LogSettings {
  const format = env.SKILLNEST_LOG_FORMAT || (env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (format !== 'json' && format !== 'pretty') throw new GatewayConfigError(badSetting('SKILLNEST_LOG_FORMAT', format, ['json', 'pretty']));
  const level = env.SKILLNEST_LOG_LEVEL || 'info';
  if (!(LEVELS as readonly string[]).includes(level)) throw new GatewayConfigError(badSetting('SKILLNEST_LOG_LEVEL', level, LEVELS));
  const destination = env.SKILLNEST_LOG_DESTINATION || 'stdout';
  if (destination !== 'stdout' && destination !== 'stderr') throw new GatewayConfigError(badSetting('SKILLNEST_LOG_DESTINATION', destination, ['stdout', 'stderr']));
  return { format, level: level as LogSettings['level'], destination: destination === 'stderr' ? 2 : 1 };
}

const badSetting = (name: string, value: string, allowed: readonly string[]) => `${name} must be one of ${allowed.join(', ')} (got "${value.slice(0, 40)}").`;
