import { Injectable } from '@nestjs/common';
import { SERVICE_CATALOG } from './catalog.data';
import type { ServiceRecord, ServiceTier } from './service-record.interface';

/** Read access to the service catalog and its dependency graph. */
@Injectable()
export class CatalogService {
  private readonly byName = new Map(SERVICE_CATALOG.map((service) => [service.name, service]));

  find(name: string): ServiceRecord | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  search(filter: { query?: string; tier?: ServiceTier; owner?: string }): ServiceRecord[] {
    const words = filter.query?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    return SERVICE_CATALOG.filter(
      (service) =>
        (!filter.tier || service.tier === filter.tier) &&
        (!filter.owner || service.owner === filter.owner) &&
        words.every((word) => service.name.includes(word) || service.owner.includes(word)),
    );
  }

  /** Services that depend on `name`, breadth-first, nearest first, up to `maxDepth` hops. */
  dependents(name: string, maxDepth: number): { direct: string[]; all: string[] } {
    const direct = SERVICE_CATALOG.filter((service) => service.dependsOn.includes(name)).map((service) => service.name);
    const seen = new Set<string>(direct);
    let frontier = direct;
    for (let depth = 1; depth < maxDepth && frontier.length > 0; depth++) {
      frontier = SERVICE_CATALOG.filter((service) => !seen.has(service.name) && service.name !== name && service.dependsOn.some((dep) => frontier.includes(dep))).map(
        (service) => service.name,
      );
      frontier.forEach((service) => seen.add(service));
    }
    return { direct, all: [...seen] };
  }
}
