export const SERVICE_TIERS = ['tier1', 'tier2', 'tier3'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** One entry of the service catalog. */
export interface ServiceRecord {
  name: string;
  owner: string;
  tier: ServiceTier;
  runtime: string;
  repository: string;
  dependsOn: string[];
  sloAvailability: number;
  oncallChannel: string;
}
