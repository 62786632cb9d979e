/** Options of the audit part of `ObservabilityModule`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditOptions {}
