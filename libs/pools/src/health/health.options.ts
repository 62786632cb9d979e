export interface HealthOptions {
  /** How long each pool may take to answer a readiness ping, in ms. Default 1000. */
  pingTimeoutMs?: number;
}

export const HEALTH_OPTIONS = 'skillnest:health-options';
