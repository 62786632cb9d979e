import { z } from 'zod';

/** Input of `catalog_dependency_impact`, written with zod to show Standard Schema support. */
export const DependencyImpactInput = z.object({
  service: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,60}$/, 'must be a catalog service name such as "ledger"')
    .describe('The service that is degraded or about to change'),
  maxDepth: z.number().int().min(1).max(10).default(5).describe('How many dependency hops to follow'),
});
export type DependencyImpactInput = z.infer<typeof DependencyImpactInput>;

export const DependencyImpactOutput = z.object({
  service: z.string(),
  directDependents: z.array(z.string()),
  transitiveDependents: z.array(z.string()),
  tier1Affected: z.array(z.string()).describe('Tier-1 services in the blast radius'),
  channelsToNotify: z.array(z.string()),
});
