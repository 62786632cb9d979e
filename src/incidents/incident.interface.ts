export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface TimelineEntry {
  at: string;
  by: string;
  status: IncidentStatus;
  note: string;
}

export interface Incident {
  id: string;
  service: string;
  severity: Severity;
  title: string;
  status: IncidentStatus;
  openedBy: string;
  openedAt: string;
  customersAffected: number;
  regions: string[];
  timeline: TimelineEntry[];
}
