import type { TestingModule } from '@nestjs/testing';
import type { AuthInfo, JSONRPCRequest } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, SkillsRegistry, type SkillCaller, type SkillDefinition } from '@skillnest/skills';
import { isThenable, type SkillCallHeaders } from '@skillnest/skills/internal';
import { SkillAccessPolicy } from '../../../libs/gateway/src/dispatch/skill-access.policy';
import { ScopeChallenges } from '../../../libs/gateway/src/mcp/scope-challenges';
import { GuardedModule, ScopeOnlyModule, TeamHeaderGuard } from '../../fixtures/access-probe.module';
import { gatewayUnderTest } from '../../fixtures/gateway-under-test';

const caller = (id: string, ...scopes: string[]): SkillCaller => ({ id, authenticated: true, scopes, claims: {} });
/** RFC 6750 section 3: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ). */
const RFC6750_DESCRIPTION = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;

describe('SkillAccessPolicy and ScopeChallenges', () => {
  let moduleRef: TestingModule;
  let access: SkillAccessPolicy;
  let registry: SkillsRegistry;
  beforeAll(async () => {
    moduleRef = await gatewayUnderTest({ modules: [ScopeOnlyModule, GuardedModule] });
    access = moduleRef.get(SkillAccessPolicy);
    registry = moduleRef.get(SkillsRegistry);
  });
  afterAll(async () => moduleRef?.close());

  const tool = (name: string): SkillDefinition => registry.tool(name)!;
  /** The caller and headers a guard sees; `headers` counts its reads. */
  const who = (by: SkillCaller, headers: SkillCallHeaders = {}) => ({
    reads: 0,
    caller: by,
    get headers() {
      this.reads++;
      return headers;
    },
  });

  describe('mayUse', () => {
    it('decides on scopes alone, synchronously and without reading the headers, for a skill without guards', () => {
      const cases: Array<[string, SkillCaller, boolean]> = [
        ['acc_open', caller('nobody'), true],
        ['acc_read', caller('nobody'), false],
        ['acc_read', caller('reader', 'acc:read'), true],
        ['acc_admin', caller('reader', 'acc:read'), false],
        ['acc_admin', caller('admin', 'acc:admin', 'acc:read'), true],
        ['acc_admin', ANONYMOUS_CALLER, true],
      ];
      for (const [name, by, allowed] of cases) {
        const request = who(by);
        expect([name, by.id, access.mayUse(tool(name), request)]).toEqual([name, by.id, allowed]);
        expect(request.reads).toBe(0);
      }
    });

    it('opens a @Public skill to a caller without its scopes', () => {
      expect(access.mayUse(tool('acc_public'), who(caller('nobody')))).toBe(true);
    });

    it('runs a synchronous guard on the request headers', async () => {
      const ops = who(caller('nobody'), { 'x-team': 'ops' });
      const verdict = access.mayUse(tool('acc_team'), ops);
      expect(isThenable(verdict)).toBe(true);
      await expect(verdict).resolves.toBe(true);
      expect(ops.reads).toBe(1);
      await expect(access.mayUse(tool('acc_team'), who(caller('nobody'), { 'x-team': 'dev' }))).resolves.toBe(false);
      await expect(access.mayUse(tool('acc_team'), who(caller('nobody')))).resolves.toBe(false);
    });

    it('waits for an asynchronous guard, and for an observable one', async () => {
      for (const name of ['acc_async', 'acc_observable']) {
        await expect(access.mayUse(tool(name), who(caller('nobody'), { 'x-pass': 'yes' }))).resolves.toBe(true);
        await expect(access.mayUse(tool(name), who(caller('nobody'), { 'x-pass': 'no' }))).resolves.toBe(false);
      }
    });

    it('denies, rather than fails, when a guard throws', async () => {
      await expect(access.mayUse(tool('acc_exploding'), who(ANONYMOUS_CALLER, { 'x-team': 'ops' }))).resolves.toBe(false);
    });

    it('still runs the guards of a @Public skill', async () => {
      await expect(access.mayUse(tool('acc_public_team'), who(caller('nobody'), { 'x-team': 'ops' }))).resolves.toBe(true);
      await expect(access.mayUse(tool('acc_public_team'), who(caller('nobody'), { 'x-team': 'dev' }))).resolves.toBe(false);
    });

    it('checks the scopes before the guards, which then never run', async () => {
      const runs = TeamHeaderGuard.runs;
      const request = who(caller('nobody'), { 'x-team': 'ops' });
      expect(access.mayUse(tool('acc_read_team'), request)).toBe(false);
      expect([TeamHeaderGuard.runs, request.reads]).toEqual([runs, 0]);
      await expect(access.mayUse(tool('acc_read_team'), who(caller('reader', 'acc:read'), { 'x-team': 'ops' }))).resolves.toBe(true);
    });
  });

  describe('shortfall', () => {
    it('is undefined when the caller needs nothing more', () => {
      expect(access.shortfall(tool('acc_read'), caller('reader', 'acc:read'))).toBeUndefined();
      expect(access.shortfall(tool('acc_admin'), ANONYMOUS_CALLER)).toBeUndefined();
      expect(access.shortfall(tool('acc_open'), caller('nobody'))).toBeUndefined();
      expect(access.shortfall(tool('acc_public'), caller('nobody'))).toBeUndefined();
      // Guards are not scopes: nothing a new token could fix.
      expect(access.shortfall(tool('acc_team'), caller('nobody'))).toBeUndefined();
    });

    it('names the scopes a token must carry for the skill, and which skill needs them', () => {
      expect(access.shortfall(tool('acc_read'), caller('nobody'))).toEqual({ scopes: ['acc:read'], description: 'tool acc_read needs scope acc:read' });
      // Holding acc:read is not enough: the new token must carry both, so both are asked for.
      expect(access.shortfall(tool('acc_admin'), caller('reader', 'acc:read'))).toEqual({
        scopes: ['acc:read', 'acc:admin'],
        description: 'tool acc_admin needs scope acc:read acc:admin',
      });
      expect(access.shortfall(registry.prompt('acc_prompt')!, caller('nobody'))?.description).toBe('prompt acc_prompt needs scope acc:prompts');
      expect(access.shortfall(registry.resource('acc://notes')!, caller('nobody'))?.description).toBe('resource acc_notes needs scope acc:read');
      expect(access.shortfall(registry.resourceTemplates()[0], caller('nobody'))?.description).toBe('resource template acc_note needs scope acc:read');
    });

    it('writes descriptions that fit the RFC 6750 error_description grammar', () => {
      const skills = [...registry.tools(), ...registry.prompts(), ...registry.resources(), ...registry.resourceTemplates()];
      const descriptions = skills.map((skill) => access.shortfall(skill, caller('nobody'))?.description).filter((text) => text !== undefined);
      expect(descriptions.length).toBeGreaterThanOrEqual(6);
      for (const description of descriptions) expect(description).toMatch(RFC6750_DESCRIPTION);
      // A name outside the grammar is spelled with `?`, not sent as is (which made the SDK answer 500).
      expect(access.shortfall(registry.resource('menu://today')!, caller('nobody'))?.description).toBe('resource Men? du jour needs scope menu:read');
    });
  });

  describe('ScopeChallenges.resolver', () => {
    const authAs = (by: SkillCaller) => ({ token: 'opaque', clientId: by.id, scopes: [...by.scopes], extra: { caller: by } }) as AuthInfo;
    const request = (method: string, params: Record<string, unknown>) => ({ jsonrpc: '2.0', id: 1, method, params }) as JSONRPCRequest;
    const resolve = (method: string, params: Record<string, unknown>, by: SkillCaller = caller('nobody')) =>
      moduleRef.get(ScopeChallenges).resolver(request(method, params), authAs(by));

    it('challenges for the skill each kind of request names, with the shortfall', () => {
      expect(resolve('tools/call', { name: 'acc_admin' }, caller('reader', 'acc:read'))).toEqual({
        scopes: ['acc:read', 'acc:admin'],
        errorDescription: 'tool acc_admin needs scope acc:read acc:admin',
      });
      expect(resolve('prompts/get', { name: 'acc_prompt' })).toEqual({ scopes: ['acc:prompts'], errorDescription: 'prompt acc_prompt needs scope acc:prompts' });
      expect(resolve('resources/read', { uri: 'acc://notes' })).toEqual({ scopes: ['acc:read'], errorDescription: 'resource acc_notes needs scope acc:read' });
      // Completing an argument counts as using the prompt or template it belongs to.
      expect(resolve('completion/complete', { ref: { type: 'ref/prompt', name: 'acc_prompt' } })?.scopes).toEqual(['acc:prompts']);
      expect(resolve('completion/complete', { ref: { type: 'ref/resource', uri: 'acc://notes/{id}' } })?.scopes).toEqual(['acc:read']);
    });

    it('does not challenge a caller who has the scopes, nor the local unauthenticated caller', () => {
      expect(resolve('tools/call', { name: 'acc_admin' }, caller('admin', 'acc:read', 'acc:admin'))).toBeUndefined();
      expect(moduleRef.get(ScopeChallenges).resolver(request('tools/call', { name: 'acc_admin' }), undefined)).toBeUndefined();
    });

    it('leaves requests that name no known, switched-on, scoped skill to the handlers', () => {
      expect(resolve('tools/list', {})).toBeUndefined();
      expect(resolve('tools/call', { name: 42 })).toBeUndefined();
      expect(resolve('tools/call', { name: 'no_such_tool' })).toBeUndefined();
      expect(resolve('tools/call', { name: 'acc_public' })).toBeUndefined();
      expect(resolve('completion/complete', { ref: { type: 'ref/other', name: 'acc_prompt' } })).toBeUndefined();
      registry.setEnabled('tool', 'acc_read', false);
      try {
        expect(resolve('tools/call', { name: 'acc_read' })).toBeUndefined();
      } finally {
        registry.setEnabled('tool', 'acc_read', true);
      }
      expect(resolve('tools/call', { name: 'acc_read' })?.scopes).toEqual(['acc:read']);
    });
  });
});
