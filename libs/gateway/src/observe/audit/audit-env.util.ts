import { AuthMessages } from '../../auth/auth.messages';
import { GatewayConfigError } from '../../errors/gateway-config.error';
import { AuditMessages } from './audit.messages';
import type { AuditOptions, AuditSettings } from './audit.options';
import { AUDIT_ENV } from './audit-settings';

/**
 * The audit options from the environment: `SKILLNEST_AUDIT` (`on`, the default, or `off`), then
 * `SKILLNEST_AUDIT_POOL`, `SKILLNEST_AUDIT_RETENTION_DAYS` and the batch, flush and bound settings
 * (`AUDIT_ENV`). A deployed service records its tool calls unless told not to: the example always
 * has a pool (embedded or `DATABASE_URL`), and an app without one fails startup saying so. Any value
 * set is passed on, so that a typo fails at startup rather than leaving the default.
 */
export function auditOptionsFromEnv(env: NodeJS.ProcessEnv): AuditOptions | false | undefined {
  const switched = env.SKILLNEST_AUDIT;
  if (switched !== undefined && switched !== '' && switched !== 'on' && switched !== 'off') throw new GatewayConfigError(AuthMessages.notOnOff('SKILLNEST_AUDIT', switched));
  if (switched === 'off') return false;
  const options: AuditOptions = {};
  for (const [key, variable] of Object.entries(AUDIT_ENV) as Array<[keyof AuditSettings, string]>) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const number = Number(value);
    if (key !== 'pool' && !Number.isFinite(number)) throw new GatewayConfigError(AuditMessages.notANumber(`audit.${key}`, variable, value));
    (options as Record<string, unknown>)[key] = key === 'pool' ? value : number;
  }
  return options;
}
