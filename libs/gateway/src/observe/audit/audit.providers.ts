import type { ObservabilityPart } from '../observability.module';
import { AUDIT_SETTINGS } from './audit.constants';
import type { AuditOptions } from './audit.options';
import { AuditObserver } from './audit.observer';
import { AuditRetention } from './audit-retention';
import { resolveAuditSettings } from './audit-settings';
import { AUDIT_STATS } from './audit-stats';
import { AuditStorage } from './audit-storage';
import { AuditWriter } from './audit-writer';

/**
 * The providers of the audit part: its settings (validated here, so a bad value fails when the
 * module is built), the table's pool and migration, the writer (also the `AUDIT_STATS` source
 * metrics read), the retention sweep and the observer. `false` or undefined: none.
 */
export function auditProviders(options: AuditOptions | false | undefined): ObservabilityPart {
  if (!options) return { providers: [], observers: [], exports: [] };
  const settings = resolveAuditSettings(options);
  return {
    providers: [{ provide: AUDIT_SETTINGS, useValue: settings }, AuditStorage, AuditWriter, { provide: AUDIT_STATS, useExisting: AuditWriter }, AuditRetention, AuditObserver],
    observers: [AuditObserver],
    exports: [AUDIT_STATS, AuditWriter, AuditRetention],
  };
}
