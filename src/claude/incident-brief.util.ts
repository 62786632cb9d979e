import type { Incident } from '../incidents/incident.interface';

/** How Claude should write an incident summary: for responders, short, no invention. */
export const INCIDENT_SUMMARY_SYSTEM = [
  'You are an incident commander assistant for a platform team.',
  'Summarize the incident for responders joining now: current status and impact in two or three sentences,',
  'then "Next steps:" as a short numbered list of concrete actions.',
  'Use only facts from the record; say what is unknown instead of guessing. Plain text, no Markdown headings.',
].join(' ');

/** The incident record as Claude reads it. */
export function incidentBrief(incident: Incident): string {
  const timeline = incident.timeline.map((entry) => `- ${entry.at} ${entry.by} [${entry.status}] ${entry.note}`).join('\n');
  return [
    `Incident ${incident.id} (${incident.severity}, ${incident.status}) on service ${incident.service}: "${incident.title}".`,
    `Opened by ${incident.openedBy} at ${incident.openedAt}.`,
    `Customers affected: ${incident.customersAffected}; regions: ${incident.regions.join(', ') || 'unknown'}.`,
    '',
    'Timeline:',
    timeline || '- (no entries)',
  ].join('\n');
}

/** How the ops agent should work. */
export const OPS_AGENT_SYSTEM = [
  "You are an operations agent for a platform team, working with this service's tools on behalf of the user.",
  'Look facts up with the tools instead of assuming them; prefer few, targeted calls.',
  'If a tool fails, read its message and adjust the call, or explain what you could not find out.',
  'End with a concise answer for the user that names the services and incident ids you relied on.',
].join(' ');
