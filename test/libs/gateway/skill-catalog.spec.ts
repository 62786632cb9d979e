import type { TestingModule } from '@nestjs/testing';
import { SkillCatalog } from '@skillnest/gateway';
import { ANONYMOUS_CALLER, SkillsRegistry, type SkillCaller } from '@skillnest/skills';
import { isThenable, type SkillCallHeaders } from '@skillnest/skills/internal';
import { EdgeAccessModule, GuardedModule, OpenModule, ScopeOnlyModule, TeamHeaderGuard } from '../../fixtures/access-probe.module';
import { gatewayUnderTest } from '../../fixtures/gateway-under-test';

const caller = (id: string, ...scopes: string[]): SkillCaller => ({ id, authenticated: true, scopes, claims: {} });
/** A headers getter that fails the list if anyone reads it. */
const untouchable = () => {
  throw new Error('the headers were read');
};
/** A headers getter that counts how often it is asked. */
const counting = (headers: SkillCallHeaders) => jest.fn(() => headers);

type Results = Awaited<ReturnType<SkillCatalog['resultsFor']>>;
const visible = (results: Results) => ({
  tools: results.tools.tools.map((tool) => tool.name),
  resources: results.resources.resources.map((resource) => resource.uri),
  templates: results.resourceTemplates.resourceTemplates.map((template) => template.name),
  prompts: results.prompts.prompts.map((prompt) => prompt.name),
});

describe('SkillCatalog', () => {
  describe('of a gateway without restricted skills', () => {
    let moduleRef: TestingModule;
    beforeAll(async () => (moduleRef = await gatewayUnderTest({ modules: [OpenModule] })));
    afterAll(async () => moduleRef?.close());

    it('shares one public list with every caller, synchronously, without reading the headers', () => {
      const catalog = moduleRef.get(SkillCatalog);
      expect(catalog.listCacheHint()).toEqual({ ttlMs: 60_000, cacheScope: 'public' });
      const forReader = catalog.resultsFor(caller('reader'), untouchable);
      expect(isThenable(forReader)).toBe(false);
      expect(forReader).toBe(catalog.current.results);
      expect(catalog.resultsFor(ANONYMOUS_CALLER, untouchable)).toBe(forReader);
      expect(visible(forReader as Results).tools).toEqual(['open_sync', 'open_async', 'open_ask']);
    });
  });

  describe('of a gateway restricted by scopes only', () => {
    let moduleRef: TestingModule;
    let catalog: SkillCatalog;
    let registry: SkillsRegistry;
    beforeAll(async () => {
      moduleRef = await gatewayUnderTest({ modules: [ScopeOnlyModule] });
      catalog = moduleRef.get(SkillCatalog);
      registry = moduleRef.get(SkillsRegistry);
    });
    afterAll(async () => moduleRef?.close());

    it('sends private hints and shows each caller the skills its scopes allow, in all four lists', async () => {
      expect(catalog.listCacheHint()).toEqual({ ttlMs: 60_000, cacheScope: 'private' });
      expect(visible(await catalog.resultsFor(caller('nobody'), untouchable))).toEqual({ tools: ['acc_open', 'acc_public'], resources: [], templates: [], prompts: [] });
      expect(visible(await catalog.resultsFor(caller('reader', 'acc:read'), untouchable))).toEqual({
        tools: ['acc_open', 'acc_read', 'acc_public'],
        resources: ['acc://notes'],
        templates: ['acc_note'],
        prompts: [],
      });
      const everything = { tools: ['acc_open', 'acc_read', 'acc_admin', 'acc_public'], resources: ['acc://notes'], templates: ['acc_note'], prompts: ['acc_prompt'] };
      expect(visible(await catalog.resultsFor(caller('admin', 'acc:read', 'acc:admin', 'acc:prompts'), untouchable))).toEqual(everything);
      // The unauthenticated local caller holds `*`, every scope.
      expect(visible(await catalog.resultsFor(ANONYMOUS_CALLER, untouchable))).toEqual(everything);
    });

    it('never asks for the headers, since no guard has to decide', async () => {
      const headers = counting({ 'x-team': 'ops' });
      await catalog.resultsFor(caller('counted', 'acc:read'), headers);
      await catalog.resultsFor(caller('counted', 'acc:read'), headers);
      expect(headers).not.toHaveBeenCalled();
    });

    it('answers a caller it has seen synchronously, with the same lists', async () => {
      const first = await catalog.resultsFor(caller('again', 'acc:read'), untouchable);
      const second = catalog.resultsFor(caller('again', 'acc:read'), untouchable);
      expect(isThenable(second)).toBe(false);
      expect(second).toBe(first);
      // Same id, other scopes: another caller as far as lists go.
      expect(visible(await catalog.resultsFor(caller('again'), untouchable)).tools).toEqual(['acc_open', 'acc_public']);
    });

    it('rebuilds the catalog when a skill is switched off or on, even for callers it has seen', async () => {
      const admin = caller('switcher', 'acc:read', 'acc:admin', 'acc:prompts');
      expect(visible(await catalog.resultsFor(admin, untouchable)).tools).toContain('acc_admin');
      registry.setEnabled('tool', 'acc_admin', false);
      registry.setEnabled('prompt', 'acc_prompt', false);
      registry.setEnabled('resource', 'acc://notes', false);
      try {
        expect(catalog.current.tools.map((tool) => tool.name)).toEqual(['acc_open', 'acc_read', 'acc_public']);
        expect(visible(await catalog.resultsFor(admin, untouchable))).toEqual({
          tools: ['acc_open', 'acc_read', 'acc_public'],
          resources: [],
          templates: ['acc_note'],
          prompts: [],
        });
      } finally {
        registry.setEnabled('tool', 'acc_admin', true);
        registry.setEnabled('prompt', 'acc_prompt', true);
        registry.setEnabled('resource', 'acc://notes', true);
      }
      // Back in its original place: lists keep the declaration order.
      expect(visible(await catalog.resultsFor(admin, untouchable)).tools).toEqual(['acc_open', 'acc_read', 'acc_admin', 'acc_public']);
    });

    it('turns the hint public once every restricted skill is off, and private again when a scoped one is back', async () => {
      const restricted: Array<[Parameters<SkillsRegistry['setEnabled']>[0], string]> = [
        ['tool', 'acc_read'],
        ['tool', 'acc_admin'],
        ['prompt', 'acc_prompt'],
        ['resource', 'acc://notes'],
        ['resource template', 'acc_note'],
      ];
      for (const [kind, key] of restricted) registry.setEnabled(kind, key, false);
      try {
        expect(catalog.listCacheHint()).toEqual({ ttlMs: 60_000, cacheScope: 'public' });
        const shared = catalog.resultsFor(caller('nobody'), untouchable);
        expect(shared).toBe(catalog.current.results);
        expect(visible(shared as Results).tools).toEqual(['acc_open', 'acc_public']);

        registry.setEnabled('tool', 'acc_read', true);
        expect(catalog.listCacheHint()).toEqual({ ttlMs: 60_000, cacheScope: 'private' });
        expect(visible(await catalog.resultsFor(caller('nobody'), untouchable)).tools).toEqual(['acc_open', 'acc_public']);
        expect(visible(await catalog.resultsFor(caller('reader', 'acc:read'), untouchable)).tools).toEqual(['acc_open', 'acc_read', 'acc_public']);
      } finally {
        for (const [kind, key] of restricted) registry.setEnabled(kind, key, true);
      }
    });
  });

  describe('of a gateway with guards', () => {
    let moduleRef: TestingModule;
    let catalog: SkillCatalog;
    beforeAll(async () => {
      moduleRef = await gatewayUnderTest({ modules: [GuardedModule] });
      catalog = moduleRef.get(SkillCatalog);
    });
    afterAll(async () => moduleRef?.close());

    it('lets the guards decide from the request headers, asking for them once per list', async () => {
      expect(catalog.listCacheHint()).toEqual({ ttlMs: 60_000, cacheScope: 'private' });
      const ops = counting({ 'x-team': 'ops', 'x-pass': 'yes' });
      // A throwing guard hides its skill; a missing scope hides it before its guard runs.
      expect(visible(await catalog.resultsFor(caller('guest'), ops)).tools).toEqual(['acc_team', 'acc_async', 'acc_observable', 'acc_public_team']);
      expect(ops).toHaveBeenCalledTimes(1);
      expect(visible(await catalog.resultsFor(caller('reader', 'acc:read'), counting({ 'x-team': 'ops' }))).tools).toEqual(['acc_team', 'acc_read_team', 'acc_public_team']);
    });

    it('does not remember a verdict that depended on the headers', async () => {
      const guest = caller('guest');
      expect(visible(await catalog.resultsFor(guest, () => ({ 'x-team': 'ops' }))).tools).toContain('acc_team');
      const runs = TeamHeaderGuard.runs;
      expect(visible(await catalog.resultsFor(guest, () => ({ 'x-team': 'dev' }))).tools).toEqual([]);
      expect(TeamHeaderGuard.runs).toBeGreaterThan(runs);
    });
  });

  it('stops following the registry once its module is destroyed', async () => {
    const moduleRef = await gatewayUnderTest({ modules: [ScopeOnlyModule] });
    const catalog = moduleRef.get(SkillCatalog);
    const registry = moduleRef.get(SkillsRegistry);
    const before = catalog.current;
    registry.setEnabled('tool', 'acc_open', false);
    const rebuilt = catalog.current;
    expect(rebuilt).not.toBe(before);
    await moduleRef.close();
    registry.setEnabled('tool', 'acc_open', true);
    expect(catalog.current).toBe(rebuilt);
  });

  describe('of a gateway whose only restriction is a guard on a @Public skill', () => {
    let moduleRef: TestingModule;
    beforeAll(async () => (moduleRef = await gatewayUnderTest({ modules: [EdgeAccessModule] })));
    afterAll(async () => moduleRef?.close());

    it('lists the guarded skill only to callers its guard lets through, with private hints', async () => {
      const catalog = moduleRef.get(SkillCatalog);
      expect(catalog.listCacheHint().cacheScope).toBe('private');
      const dev = visible(await catalog.resultsFor(caller('dev'), () => ({ 'x-team': 'dev' })));
      const ops = visible(await catalog.resultsFor(caller('ops'), () => ({ 'x-team': 'ops' })));
      expect(dev.tools).toEqual(['edge_plain']);
      expect(ops.tools).toEqual(['edge_public_guarded', 'edge_plain']);
    });
  });
});
