import { Injectable } from '@nestjs/common';
import { ALL_SCOPES, Scopes, Tool, type SkillContext } from '@skillnest/skills';
import { CatalogService } from '../catalog/catalog.service';
import { IncidentRepository } from '../incidents/incident.repository';
import { ReadinessAuditDto } from './dto/readiness-audit.dto';
import { readinessFindings, type ServiceFindings } from './readiness-rules';

const FOLLOW_UP_TITLE = 'Readiness audit follow-up';

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms === 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/**
 * The production readiness audit across the catalog: a long-running skill, served as a task to
 * clients that can take one (they poll it, or listen; it outlives their request and the replica
 * that runs it) and synchronously to the others. It reports each service as progress, asks the
 * user mid-flight whether to open follow-up incidents for the blocking findings (when the client
 * can be asked and the caller may write incidents), and answers with every finding.
 */
@Injectable()
@Scopes('catalog:read', 'incidents:read')
export class ReadinessAuditSkills {
  constructor(
    private readonly catalog: CatalogService,
    private readonly incidents: IncidentRepository,
  ) {}

  @Tool({
    name: 'catalog_readiness_audit',
    title: 'Production readiness audit (long-running)',
    description:
      'Audit every catalog service (or one tier) against the production readiness checklist: SLO for its tier, dependencies on less critical services, on-call channel, open incidents, blast radius. Runs as a task: progress per service, then the findings; it may ask whether to open follow-up incidents for blocking findings.',
    input: ReadinessAuditDto,
    annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false },
    timeoutMs: 10 * 60_000,
    // Safe to run again after a lost replica: reading is, and follow-ups are opened once per service.
    task: { mode: 'optional', rerunnable: true, pollIntervalMs: 500 },
  })
  async audit(input: ReadinessAuditDto, ctx: SkillContext) {
    const services = this.catalog.search({ tier: input.tier });
    const findings: ServiceFindings[] = [];
    for (const [index, service] of services.entries()) {
      ctx.signal.throwIfAborted();
      await ctx.progress(index, services.length, `Auditing ${service.name} (${index + 1} of ${services.length})`);
      const open = await this.incidents.listRecent({ status: 'open', service: service.name, limit: 10 });
      findings.push(
        readinessFindings(
          service,
          (name) => this.catalog.find(name),
          open.map((incident) => incident.id),
          this.catalog.dependents(service.name, 3).all,
        ),
      );
      await pause(input.paceMs ?? 0, ctx.signal);
    }
    const blocked = findings.filter((finding) => finding.blocking.length > 0);
    await ctx.progress(services.length, services.length, `Audited ${services.length} services: ${blocked.length} with blocking findings`);
    const followUps = await this.followUps(blocked, ctx);
    return { audited: services.length, blocked: blocked.length, followUps, findings: findings.filter((finding) => finding.blocking.length + finding.warnings.length > 0) };
  }

  /** Asks whether to open a sev4 follow-up incident per blocked service, and opens those not opened yet. */
  private async followUps(blocked: ServiceFindings[], ctx: SkillContext): Promise<string[]> {
    const mayWrite = ctx.caller.scopes.includes(ALL_SCOPES) || ctx.caller.scopes.includes('incidents:write');
    if (blocked.length === 0 || !mayWrite || !ctx.client.capabilities.elicitation) return [];
    const answer = await ctx.elicit({
      key: 'open_follow_ups',
      message: `${blocked.length} service(s) have blocking findings (${blocked.map((finding) => finding.service).join(', ')}). Open a sev4 follow-up incident for each?`,
      requestedSchema: { type: 'object', properties: { open: { type: 'boolean', description: 'Open the follow-up incidents' } }, required: ['open'] },
    });
    if (answer.action !== 'accept' || answer.content?.open !== true) return [];
    const opened: string[] = [];
    for (const finding of blocked) {
      const existing = (await this.incidents.listRecent({ status: 'open', service: finding.service, limit: 20 })).find((incident) => incident.title === FOLLOW_UP_TITLE);
      const incident =
        existing ??
        (await this.incidents.create({
          service: finding.service,
          severity: 'sev4',
          title: FOLLOW_UP_TITLE,
          summary: finding.blocking.join('; '),
          openedBy: ctx.caller.id,
          customersAffected: 0,
          regions: [],
        }));
      opened.push(incident.id);
    }
    return opened;
  }
}
