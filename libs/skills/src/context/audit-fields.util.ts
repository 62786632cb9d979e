import type { AuditFieldValue } from '../interfaces/skill-context.interface';

/** Most fields a skill may add to one audit record, and the longest string value kept. */
export const MAX_AUDIT_FIELDS = 32;
export const MAX_AUDIT_FIELD_CHARS = 256;

/**
 * Merges a skill's `ctx.audit()` fields into its call's record, bounded so that a skill cannot
 * make an audit row (or a span) grow without limit: new names beyond the cap (or longer than 64 characters) are dropped, long
 * strings cut, values that are not a string, finite number, boolean or null left out.
 */
export function addAuditFields(into: Record<string, unknown>, fields: Readonly<Record<string, AuditFieldValue>>): void {
  let count = Object.keys(into).length;
  for (const [name, value] of Object.entries(fields)) {
    if (name.length > 64 || (!(name in into) && count >= MAX_AUDIT_FIELDS)) continue;
    let kept: AuditFieldValue | undefined;
    if (typeof value === 'string') kept = value.length > MAX_AUDIT_FIELD_CHARS ? value.slice(0, MAX_AUDIT_FIELD_CHARS) : value;
    else if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) kept = value;
    if (kept === undefined) continue;
    if (!(name in into)) count++;
    into[name] = kept;
  }
}
