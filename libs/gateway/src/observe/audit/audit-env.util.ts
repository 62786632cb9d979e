import type { AuditOptions } from './audit.options';

/** The audit options from the environment (`SKILLNEST_...`); see the README's "Observability" section. */
export function auditOptionsFromEnv(env: NodeJS.ProcessEnv): AuditOptions | false | undefined {
  void env;
  return undefined;
}
