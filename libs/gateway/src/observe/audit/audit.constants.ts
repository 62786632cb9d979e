/** Injection token of the resolved `AuditSettings` of the audit part. */
export const AUDIT_SETTINGS = Symbol('AUDIT_SETTINGS');
