import { Injectable } from '@nestjs/common';
import { Completion, Prompt, Resource, ResourceTemplate, Scopes, SkillError, Tool, type CompletionRequest } from '@skillnest/skills';
import { CatalogService } from './catalog.service';
import { DependencyImpactInput, DependencyImpactOutput } from './dependency-impact.schema';
import { SearchServicesDto } from './dto/search-services.dto';
import { ServiceListDto } from './dto/service-list.dto';
import { ServiceNameDto } from './dto/service-name.dto';
import type { ServiceRecord } from './service-record.interface';

function serviceCard(service: ServiceRecord): string {
  return [
    `# ${service.name}`,
    `- Owner: ${service.owner} (${service.oncallChannel})`,
    `- Tier: ${service.tier}, availability SLO ${service.sloAvailability}%`,
    `- Runtime: ${service.runtime}`,
    `- Repository: ${service.repository}`,
    `- Depends on: ${service.dependsOn.length ? service.dependsOn.join(', ') : 'nothing'}`,
  ].join('\n');
}

/** Skills over the service catalog: who owns what, what depends on what. All need `catalog:read`. */
@Injectable()
@Scopes('catalog:read')
export class CatalogSkills {
  constructor(private readonly catalog: CatalogService) {}

  @Tool({
    name: 'catalog_search_services',
    title: 'Search the service catalog',
    description: 'Find services by name or owning team, optionally filtered by tier or exact owner. Returns owner, tier, SLO and on-call channel.',
    input: SearchServicesDto,
    output: ServiceListDto,
    annotations: { readOnly: true, idempotent: true, openWorld: false },
  })
  search(input: SearchServicesDto): ServiceListDto {
    const matches = this.catalog.search(input);
    const services = matches.slice(0, input.limit ?? 10).map(({ name, owner, tier, sloAvailability, oncallChannel }) => ({
      name,
      owner,
      tier,
      sloAvailability,
      oncallChannel,
    }));
    return { services, total: matches.length };
  }

  @Tool({
    name: 'catalog_dependency_impact',
    title: 'Blast radius of a service',
    description:
      'List every service that depends on the given one, directly or transitively, the tier-1 services among them and the on-call channels to notify. Use before a risky change or during an outage.',
    input: DependencyImpactInput,
    output: DependencyImpactOutput,
    annotations: { readOnly: true, idempotent: true },
  })
  impact(input: DependencyImpactInput) {
    const service = this.catalog.find(input.service);
    if (!service) {
      throw new SkillError(`No service named "${input.service}" in the catalog. Known services: ${this.catalog.names().join(', ')}.`);
    }
    const { direct, all } = this.catalog.dependents(service.name, input.maxDepth);
    const affected = all.map((name) => this.catalog.find(name)!).filter(Boolean);
    return {
      service: service.name,
      directDependents: direct,
      transitiveDependents: all.filter((name) => !direct.includes(name)),
      tier1Affected: affected.filter((dependent) => dependent.tier === 'tier1').map((dependent) => dependent.name),
      channelsToNotify: [...new Set([service, ...affected].map((dependent) => dependent.oncallChannel))],
    };
  }

  @Resource({
    uri: 'catalog://services',
    name: 'service_catalog',
    title: 'Service catalog',
    description: 'Every service with owner, tier, runtime, dependencies and SLO, as JSON.',
    mimeType: 'application/json',
  })
  all() {
    return { services: this.catalog.search({}) };
  }

  @ResourceTemplate({
    uriTemplate: 'catalog://services/{name}',
    name: 'service_card',
    title: 'Service card',
    description: 'One service as a Markdown card: owner, tier, SLO, repository and dependencies.',
    mimeType: 'text/markdown',
  })
  card(params: { name: string }): string {
    const service = this.catalog.find(params.name);
    if (!service) throw new SkillError(`No service named "${params.name}" in the catalog.`);
    return serviceCard(service);
  }

  @Prompt({
    name: 'review_service_readiness',
    title: 'Production readiness review',
    description: 'Review one service against the production readiness checklist, with its catalog card as context.',
    args: ServiceNameDto,
  })
  readiness(args: ServiceNameDto): string {
    const service = this.catalog.find(args.service);
    if (!service) throw new SkillError(`No service named "${args.service}" in the catalog.`);
    return [
      'You are reviewing a service for production readiness. Here is its catalog card:',
      '',
      serviceCard(service),
      '',
      'Assess, in order: ownership and on-call coverage; whether the SLO fits its tier',
      `(${service.tier}); failure modes of each dependency and their fallbacks; observability`,
      '(dashboards, alerts tied to the SLO); rollout and rollback. Use catalog_dependency_impact',
      'to see who depends on it. End with a list of blocking and non-blocking findings.',
    ].join('\n');
  }

  /** Completes service names for the readiness prompt and the service-card template. */
  @Completion([
    { prompt: 'review_service_readiness', argument: 'service' },
    { resourceTemplate: 'catalog://services/{name}', argument: 'name' },
  ])
  completeService({ value }: CompletionRequest): string[] {
    const prefix = value.toLowerCase();
    return this.catalog.names().filter((name) => name.startsWith(prefix) || name.split('-').some((part) => part.startsWith(prefix)));
  }
}
