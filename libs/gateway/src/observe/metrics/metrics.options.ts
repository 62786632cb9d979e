/** Options of the metrics part of `ObservabilityModule`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MetricsOptions {}
