import { wholeSetting } from '../../config/whole-setting';
import { GatewayConfigError } from '../../errors/gateway-config.error';
import type { AuditOptions, AuditSettings } from './audit.options';
import { AuditMessages } from './audit.messages';

const DEFAULTS: AuditSettings = {
  pool: 'default',
  retentionDays: 90,
  retentionIntervalMs: 60 * 60_000,
  retentionBatch: 5_000,
  flushIntervalMs: 1_000,
  batchSize: 500,
  maxPending: 10_000,
  maxArgumentBytes: 8_192,
  // Within the drain's promise (exit about a second after the deadline): a pool whose connections all run cancelled statements cannot be written until the pools close.
  shutdownFlushMs: 1_000,
};

/** The environment variable of each setting (`auditOptionsFromEnv`, startup errors). */
export const AUDIT_ENV: Record<keyof AuditSettings, string> = {
  pool: 'SKILLNEST_AUDIT_POOL',
  retentionDays: 'SKILLNEST_AUDIT_RETENTION_DAYS',
  retentionIntervalMs: 'SKILLNEST_AUDIT_RETENTION_INTERVAL_MS',
  retentionBatch: 'SKILLNEST_AUDIT_RETENTION_BATCH',
  flushIntervalMs: 'SKILLNEST_AUDIT_FLUSH_INTERVAL_MS',
  batchSize: 'SKILLNEST_AUDIT_BATCH_SIZE',
  maxPending: 'SKILLNEST_AUDIT_MAX_PENDING',
  maxArgumentBytes: 'SKILLNEST_AUDIT_MAX_ARGUMENT_BYTES',
  shutdownFlushMs: 'SKILLNEST_AUDIT_SHUTDOWN_FLUSH_MS',
};

/** Settings that are timer delays: setTimeout fires at once beyond this. */
const TIMERS: Array<keyof AuditSettings> = ['retentionIntervalMs', 'flushIntervalMs', 'shutdownFlushMs'];
const MAX_TIMER_MS = 2_147_483_647;

/** The audit settings, validated once when the module is built, with a message naming the option and its variable. */
export function resolveAuditSettings(options: AuditOptions = {}): AuditSettings {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...DEFAULTS, ...given } as AuditSettings;
  if (typeof settings.pool !== 'string' || settings.pool.trim() === '') throw new GatewayConfigError(AuditMessages.invalidPool(settings.pool));
  for (const key of Object.keys(DEFAULTS) as Array<keyof AuditSettings>) {
    if (key === 'pool') continue;
    const value = settings[key] as number;
    // 0 days: kept for ever; 0 ms: the last records get one attempt at shutdown.
    wholeSetting(value, `audit.${key}`, AUDIT_ENV[key], key === 'retentionDays' || key === 'shutdownFlushMs' ? 0 : 1);
    if (TIMERS.includes(key) && value > MAX_TIMER_MS) throw new GatewayConfigError(AuditMessages.tooLong(`audit.${key}`, AUDIT_ENV[key], value));
  }
  return settings;
}
