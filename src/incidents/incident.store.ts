import { Injectable } from '@nestjs/common';
import type { Incident, IncidentStatus } from './incident.interface';

/**
 * Keeps incidents in process memory. Replicas do not share it; the PostgreSQL-backed store
 * replaces it when the pools land.
 */
@Injectable()
export class IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private nextNumber = 1001;

  create(fields: Omit<Incident, 'id'>): Incident {
    const incident = { id: `INC-${this.nextNumber++}`, ...fields };
    this.incidents.set(incident.id, incident);
    return incident;
  }

  get(id: string): Incident | undefined {
    return this.incidents.get(id);
  }

  list(filter: { status?: IncidentStatus; service?: string; limit: number }): Incident[] {
    return [...this.incidents.values()]
      .filter((incident) => (!filter.status || incident.status === filter.status) && (!filter.service || incident.service === filter.service))
      .reverse()
      .slice(0, filter.limit);
  }
}
