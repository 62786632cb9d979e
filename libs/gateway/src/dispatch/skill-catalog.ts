import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { SkillCaller, SkillDefinition } from '@skillnest/skills';
import type { MaybePromise, SkillCallHeaders } from '@skillnest/skills/internal';
import { GatewaySkills } from '../mcp/gateway-skills';
import { buildMcpCatalog, type McpCatalog } from '../mcp/mcp-catalog';
import { SkillAccessPolicy } from './skill-access.policy';

const MAX_CALLERS = 1_000;
const LIST_TTL_MS = 60_000;

/** The caching hints of a list result (2026-07-28 `ttlMs` / `cacheScope`). */
export interface ListCacheHint {
  readonly ttlMs: number;
  readonly cacheScope: 'public' | 'private';
}

/**
 * The single owner of listing: the gateway's catalog in wire form (rebuilt whenever a list
 * changes), what one caller may see of it (scopes, then guards, with the real request headers),
 * and the caching hints every path sends with a list. Lists are shared and `public` while no
 * skill of the gateway is restricted, else filtered per caller and `private`.
 */
@Injectable()
export class SkillCatalog implements OnModuleDestroy {
  private catalog?: McpCatalog;
  private hint?: ListCacheHint;
  private readonly byCaller = new Map<string, { catalog: McpCatalog; results: McpCatalog['results'] }>();
  /**
   * The same views by caller object: a verified token's caller comes from the token caches as one
   * frozen object per principal, so most lists find their view without building the string key.
   */
  private readonly byCallerObject = new WeakMap<SkillCaller, { catalog: McpCatalog; results: McpCatalog['results'] }>();
  private readonly stopListening: () => void;

  constructor(
    private readonly skills: GatewaySkills,
    private readonly access: SkillAccessPolicy,
  ) {
    this.stopListening = skills.registry.onChange((change) => {
      if (change.type === 'list') this.rebuild();
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  /**
   * The whole catalog (every skill of the gateway that is switched on). Built on first use, at
   * bootstrap: the explorer fills the registry after the providers are constructed.
   */
  get current(): McpCatalog {
    if (!this.catalog) this.rebuild();
    return this.catalog!;
  }

  /** The hints of every list result, from the catalog as it is now. */
  listCacheHint(): ListCacheHint {
    if (!this.hint) this.rebuild();
    return this.hint!;
  }

  /**
   * The four list results one caller may see. Synchronous for an unrestricted catalog (the
   * shared prepared lists) and for a cached caller without guarded skills. `headers` is read
   * only when a guard has to decide, so a front door need not copy them for every list.
   */
  resultsFor(caller: SkillCaller, headers: () => SkillCallHeaders): MaybePromise<McpCatalog['results']> {
    const catalog = this.current;
    if (!catalog.restricted) return catalog.results;
    // Guards may read the headers, so only a scope-only catalog is remembered per caller.
    const cacheable = !catalog.guarded;
    // A view of an older catalog (a skill switched since) is never served: the catalog is compared.
    // Only a frozen caller can be looked up by identity: another could have changed its scopes since.
    const byObject = cacheable && Object.isFrozen(caller) && Object.isFrozen(caller.scopes);
    const seen = byObject ? this.byCallerObject.get(caller) : undefined;
    if (seen && seen.catalog === catalog) return seen.results;
    const key = `${caller.id}\u0000${caller.scopes.join(' ')}`;
    const cached = cacheable ? this.byCaller.get(key) : undefined;
    if (cached && cached.catalog === catalog) {
      if (byObject) this.byCallerObject.set(caller, cached);
      return cached.results;
    }
    return this.filter(catalog, caller, headers).then((results) => {
      if (cacheable) {
        if (this.byCaller.size >= MAX_CALLERS) this.byCaller.delete(this.byCaller.keys().next().value!);
        const view = { catalog, results };
        this.byCaller.set(key, view);
        if (byObject) this.byCallerObject.set(caller, view);
      }
      return results;
    });
  }

  private async filter(catalog: McpCatalog, caller: SkillCaller, headersOf: () => SkillCallHeaders): Promise<McpCatalog['results']> {
    let headers: SkillCallHeaders | undefined;
    // Only guards read the headers, so they are asked for at most once, and only if a guard runs.
    const who = {
      caller,
      get headers() {
        return (headers ??= headersOf());
      },
    };
    const keep = async <T>(entries: readonly T[], find: (entry: T) => SkillDefinition | undefined) => {
      const verdicts = await Promise.all(
        entries.map(async (entry) => {
          const skill = find(entry);
          return skill !== undefined && (await this.access.mayUse(skill, who));
        }),
      );
      return entries.filter((_, index) => verdicts[index]);
    };
    return {
      tools: { tools: await keep(catalog.tools, (tool) => this.skills.tool(tool.name)) },
      resources: { resources: await keep(catalog.resources, (resource) => this.skills.resource(resource.uri)) },
      resourceTemplates: {
        resourceTemplates: await keep(catalog.resourceTemplates, (template) => this.skills.resourceTemplates().find((skill) => skill.name === template.name)),
      },
      prompts: { prompts: await keep(catalog.prompts, (prompt) => this.skills.prompt(prompt.name)) },
    };
  }

  private rebuild(): void {
    // Views of the old catalog are never served again (see resultsFor); dropping them frees them now.
    this.byCaller.clear();
    this.catalog = buildMcpCatalog(this.skills);
    this.hint = { ttlMs: LIST_TTL_MS, cacheScope: this.catalog.restricted ? 'private' : 'public' };
  }
}
