import type { ObservabilityPart } from '../observability.module';
import type { AuditOptions } from './audit.options';

/** The providers of the audit part (none yet). */
export function auditProviders(options: AuditOptions | false | undefined): ObservabilityPart {
  void options;
  return { providers: [], observers: [], exports: [] };
}
