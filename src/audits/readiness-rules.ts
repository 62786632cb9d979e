import type { ServiceRecord, ServiceTier } from '../catalog/service-record.interface';

/** The availability each tier must promise at least (the platform's readiness checklist). */
const MIN_SLO: Record<ServiceTier, number> = { tier1: 99.95, tier2: 99.9, tier3: 99.5 };
const RANK: Record<ServiceTier, number> = { tier1: 1, tier2: 2, tier3: 3 };

/** What the audit found about one service: blocking findings stop a launch, warnings do not. */
export interface ServiceFindings {
  service: string;
  tier: ServiceTier;
  owner: string;
  blocking: string[];
  warnings: string[];
}

/**
 * The readiness checklist for one service, given the catalog and its open incidents: an SLO
 * below its tier's, a dependency on a less critical service, open incidents, an on-call
 * channel that is not a channel, a blast radius worth knowing.
 */
export function readinessFindings(service: ServiceRecord, find: (name: string) => ServiceRecord | undefined, openIncidents: string[], dependents: string[]): ServiceFindings {
  const blocking: string[] = [];
  const warnings: string[] = [];
  if (service.sloAvailability < MIN_SLO[service.tier]) {
    blocking.push(`availability SLO ${service.sloAvailability}% is below the ${MIN_SLO[service.tier]}% a ${service.tier} service must promise`);
  }
  for (const name of service.dependsOn) {
    const dependency = find(name);
    if (!dependency) blocking.push(`depends on ${name}, which is not in the catalog`);
    else if (RANK[dependency.tier] > RANK[service.tier]) blocking.push(`depends on ${name}, a less critical ${dependency.tier} service, without a recorded fallback`);
  }
  if (!service.oncallChannel.startsWith('#')) blocking.push(`on-call channel "${service.oncallChannel}" is not a chat channel`);
  if (openIncidents.length > 0) warnings.push(`${openIncidents.length} open incident(s): ${openIncidents.join(', ')}`);
  if (dependents.length >= 3) warnings.push(`${dependents.length} services depend on it: changes need a staged rollout`);
  return { service: service.name, tier: service.tier, owner: service.owner, blocking, warnings };
}
