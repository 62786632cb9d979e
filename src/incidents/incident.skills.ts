import { Injectable } from '@nestjs/common';
import { Prompt, ResourceTemplate, Scopes, SkillError, SkillsRegistry, Tool, type SkillContext } from '@skillnest/skills';
import { CatalogService } from '../catalog/catalog.service';
import { IncidentDto, IncidentListDto } from './dto/incident.dto';
import { ListIncidentsDto } from './dto/list-incidents.dto';
import { OpenIncidentDto } from './dto/open-incident.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { IncidentIdDto } from './dto/incident-id.dto';
import type { Incident } from './incident.interface';
import { IncidentRepository } from './incident.repository';
import { SearchIncidentsDto } from './dto/search-incidents.dto';
import { IncidentSearchResultDto } from './dto/incident.dto';

/**
 * Skills of the incident log: open, update, list, read and write up incidents. Reading needs
 * `incidents:read`; opening and updating also `incidents:write`.
 */
@Injectable()
@Scopes('incidents:read')
export class IncidentSkills {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly catalog: CatalogService,
    private readonly skills: SkillsRegistry,
  ) {}

  @Scopes('incidents:write')
  @Tool({
    name: 'incident_open',
    title: 'Open an incident',
    description: 'Declare an incident on a catalog service. Records who opened it. Returns the incident with its id (INC-####) for later updates.',
    input: OpenIncidentDto,
    output: IncidentDto,
    annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
  })
  async open(input: OpenIncidentDto, ctx: SkillContext): Promise<Incident> {
    if (!this.catalog.find(input.service)) {
      throw new SkillError(`No service named "${input.service}" in the catalog; use catalog_search_services to find the right name.`);
    }
    return this.incidents.create({
      service: input.service,
      severity: input.severity,
      title: input.title,
      summary: input.summary ?? input.title,
      openedBy: ctx.caller.id,
      customersAffected: input.impact?.customersAffected ?? 0,
      regions: input.impact?.regions ?? [],
    });
  }

  @Scopes('incidents:write')
  @Tool({
    name: 'incident_update',
    title: 'Update an incident',
    description: 'Add a timeline note to an incident and move it to open, mitigated or resolved. A resolved incident cannot change.',
    input: UpdateIncidentDto,
    output: IncidentDto,
    annotations: { readOnly: false, destructive: false, idempotent: false },
  })
  async update(input: UpdateIncidentDto, ctx: SkillContext): Promise<Incident> {
    const outcome = await this.incidents.update(input.id, { status: input.status, note: input.note, by: ctx.caller.id });
    if (outcome === 'missing') throw new SkillError(`No incident ${input.id}. Use incident_list to find open incidents.`);
    if (outcome === 'resolved') {
      throw new SkillError(`${input.id} is already resolved; open a new incident if the problem came back.`);
    }
    // Clients subscribed to the incident's resource hear of it, on every replica (the change bus).
    this.skills.resourceUpdated(`incident://incidents/${outcome.id}`);
    return outcome;
  }

  @Tool({
    name: 'incident_list',
    title: 'List incidents',
    description: 'List recent incidents, most recent first, optionally only those of one status or service.',
    input: ListIncidentsDto,
    output: IncidentListDto,
    annotations: { readOnly: true, idempotent: true },
  })
  async list(input: ListIncidentsDto): Promise<IncidentListDto> {
    return { incidents: await this.incidents.listRecent({ status: input.status, service: input.service, limit: input.limit ?? 20 }) };
  }

  @Tool({
    name: 'incident_search',
    title: 'Search incidents',
    description:
      'Full-text search over incident titles, summaries and timeline notes (web-search syntax: words, "quoted phrases", -excluded). Best matches first. Use it to find earlier incidents like the current one.',
    input: SearchIncidentsDto,
    output: IncidentSearchResultDto,
    annotations: { readOnly: true, idempotent: true },
  })
  async search(input: SearchIncidentsDto): Promise<IncidentSearchResultDto> {
    return { incidents: await this.incidents.search(input.query, input.limit ?? 10) };
  }

  @ResourceTemplate({
    uriTemplate: 'incident://incidents/{id}',
    name: 'incident',
    title: 'Incident record',
    description: 'One incident with its full timeline, as JSON.',
    mimeType: 'application/json',
  })
  async read(params: { id: string }): Promise<Incident> {
    const incident = await this.incidents.get(params.id);
    if (!incident) throw new SkillError(`No incident ${params.id}.`);
    return incident;
  }

  @Prompt({
    name: 'incident_postmortem',
    title: 'Draft a postmortem',
    description: 'Draft a blameless postmortem for an incident from its timeline.',
    args: IncidentIdDto,
  })
  async postmortem(args: IncidentIdDto): Promise<string> {
    const incident = await this.incidents.get(args.id);
    if (!incident) throw new SkillError(`No incident ${args.id}.`);
    const timeline = incident.timeline.map((entry) => `- ${entry.at} ${entry.by} [${entry.status}] ${entry.note}`).join('\n');
    return [
      `Write a blameless postmortem for ${incident.id} (${incident.severity}) on ${incident.service}: "${incident.title}".`,
      `Customers affected: ${incident.customersAffected}; regions: ${incident.regions.join(', ') || 'unknown'}.`,
      '',
      'Timeline:',
      timeline,
      '',
      'Sections: summary, impact, root cause, detection, response, what went well, what went badly,',
      'action items (each with an owner team and a due date). Do not name individuals as causes.',
    ].join('\n');
  }
}
