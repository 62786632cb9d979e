import { Injectable } from '@nestjs/common';
import type { CompleteResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/server';
import type { SkillCaller, SkillDefinition, ToolDefinition } from '@skillnest/skills';
import { SkillInvoker, SkillsMessages, completionKey, isThenable, toolErrorResult, type MaybePromise, type SkillCallEnvironment } from '@skillnest/skills/internal';
import { CallObservers } from '../observe/call-observers';
import { readSettled, toolSettled } from '../observe/call-settled.util';
import { CancellationGroup } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayMessages } from '../gateway.messages';
import { GatewaySkills } from '../mcp/gateway-skills';
import { TaskRunner } from '../tasks/task-runner';
import type { DispatchRefusal, DispatchRequest, ReadOutcome, ToolOutcome } from './dispatch.types';
import { GatewayRateLimits, type RateRefusal } from './gateway-rate-limits';
import { NestedDispatch } from './nested-dispatch';
import { SkillAccessPolicy, type CallerWithHeaders } from './skill-access.policy';
import { SkillCatalog } from './skill-catalog';
import { SkillEnhancers } from './skill-enhancers';
import { callEnvironment } from './call-environment.util';
import { guardRefusal, settled } from './dispatch-outcomes.util';
const NO_COMPLETIONS: CompleteResult = { completion: { values: [], total: 0, hasMore: false } };

/**
 * The one place a call to a skill is decided and run, whatever the front door (the SDK
 * handlers, the fast path, REST, completion, the Claude agent): which skill (in this gateway's
 * view, switched on), whether the caller may use it (scopes, then guards), its per-skill rate
 * budget, its call environment, its Nest interceptors/pipes/filters, the invocation, and the
 * outcome. Front doors only translate requests in and outcomes out. Synchronous end to end for
 * a synchronous skill without guards or budgets, as the fast path needs.
 */
@Injectable()
export class SkillDispatcher {
  private readonly nested: NestedDispatch;
  /** Every call running through this dispatcher, whatever its front door: cancelled together at the drain deadline. */
  private readonly running = new CancellationGroup();

  constructor(
    private readonly config: GatewayConfig,
    private readonly skills: GatewaySkills,
    private readonly access: SkillAccessPolicy,
    private readonly limits: GatewayRateLimits,
    private readonly enhancers: SkillEnhancers,
    private readonly invoker: SkillInvoker,
    catalog: SkillCatalog,
    private readonly tasks: TaskRunner,
    private readonly observers: CallObservers,
  ) {
    this.nested = new NestedDispatch(this, catalog);
  }

  /** The tool of that name in this gateway's view, if it is switched on. */
  tool(name: string): ToolDefinition | undefined {
    return this.skills.tool(name);
  }

  /**
   * Charges a tool call's per-skill budget ahead of the call (`DispatchRequest.admitted`), for a
   * front door that must answer a refusal before its protocol layer runs. Unknown tools cost nothing.
   */
  admit(name: string, caller: SkillCaller): Promise<RateRefusal | undefined> | undefined {
    const tool = this.skills.tool(name);
    return tool ? this.limits.takeCall(tool, caller) : undefined;
  }

  callTool(name: string, args: unknown, request: DispatchRequest): MaybePromise<ToolOutcome> {
    if (!this.observers.watch(request)) return this.toolCall(name, args, request);
    const call = this.observers.begin('tool', name, args, request, this.skills.tool(name));
    return this.observers.run(call, () => this.toolCall(name, args, request), toolSettled);
  }

  getPrompt(name: string, args: Record<string, string> | undefined, request: DispatchRequest): Promise<ReadOutcome<GetPromptResult>> {
    if (!this.observers.watch(request)) return this.prompt(name, args, request);
    const call = this.observers.begin('prompt', name, args, request, this.skills.prompt(name));
    return this.observers.run(call, () => this.prompt(name, args, request), readSettled) as Promise<ReadOutcome<GetPromptResult>>;
  }

  readResource(uri: string, request: DispatchRequest): Promise<ReadOutcome<ReadResourceResult>> {
    if (!this.observers.watch(request)) return this.resource(uri, request);
    const call = this.observers.begin('resource', uri, undefined, request, this.skills.resourceAt(uri));
    return this.observers.run(call, () => this.resource(uri, request), readSettled) as Promise<ReadOutcome<ReadResourceResult>>;
  }

  private toolCall(name: string, args: unknown, request: DispatchRequest): MaybePromise<ToolOutcome> {
    const tool = this.skills.tool(name);
    if (!tool) return { outcome: 'refused', refused: 'unknown', message: GatewayMessages.unknownTool(name) };
    // A task run again on another replica was admitted when it was created (its request's headers are not kept).
    if (request.resumedTask) return this.validated(tool, args, request, 'task');
    const shortfall = this.access.shortfall(tool, request.caller);
    if (shortfall) return { outcome: 'refused', refused: 'scope', message: shortfall.description, shortfall };
    const allowed = this.access.mayUse(tool, request);
    if (allowed === true) return this.charged(tool, args, request);
    return Promise.resolve(allowed).then((yes) => (yes ? this.charged(tool, args, request) : guardRefusal(tool)));
  }

  private async prompt(name: string, args: Record<string, string> | undefined, request: DispatchRequest): Promise<ReadOutcome<GetPromptResult>> {
    const prompt = this.skills.prompt(name);
    const refusal = await this.refusalFor(prompt, request, GatewayMessages.unknownPrompt(name));
    if (refusal) return refusal;
    return settled(await this.invoker.getPrompt(this.enhancers.enhanced(prompt!), args, this.environment(request)));
  }

  private async resource(uri: string, request: DispatchRequest): Promise<ReadOutcome<ReadResourceResult>> {
    const resource = this.skills.resource(uri);
    if (resource) {
      const refusal = await this.refusalFor(resource, request, GatewayMessages.unknownResource(uri));
      if (refusal?.refused !== 'guard') {
        return refusal ?? settled(await this.invoker.readResource(this.enhancers.enhanced(resource), uri, this.environment(request)));
      }
    }
    for (const template of this.skills.resourceTemplates()) {
      const variables = template.template.match(uri);
      if (!variables || (await this.refusalFor(template, request, ''))) continue;
      return settled(await this.invoker.readTemplate(this.enhancers.enhanced(template), uri, variables, this.environment(request)));
    }
    return { outcome: 'refused', refused: 'unknown', message: GatewayMessages.unknownResource(uri) };
  }

  /**
   * Whether `who` may read `uri`, decided as `readResource` decides (the resource of that URI,
   * else a template it matches) without reading it: what `resources/subscribe` grants.
   */
  async mayRead(uri: string, who: CallerWithHeaders): Promise<boolean> {
    const resource = this.skills.resource(uri);
    if (resource) {
      if (this.access.shortfall(resource, who.caller)) return false;
      if (await this.access.mayUse(resource, who)) return true;
    }
    for (const template of this.skills.resourceTemplates()) if (template.template.match(uri) && (await this.access.mayUse(template, who))) return true;
    return false;
  }

  /** Completes an argument of a prompt or a variable of a resource template the caller may use. */
  async complete(
    ref: { type: 'prompt' | 'template'; name: string },
    argument: string,
    value: string,
    context: Record<string, string>,
    request: DispatchRequest,
  ): Promise<ReadOutcome<CompleteResult>> {
    const owner = ref.type === 'prompt' ? this.skills.prompt(ref.name) : this.skills.resourceTemplateByUri(ref.name);
    const refusal = await this.refusalFor(owner, request, GatewayMessages.unknownCompletionRef(`${ref.type} ${ref.name}`));
    if (refusal) return refusal;
    const completion = this.skills.completion(completionKey(ref, argument));
    // A completion method's own scopes and guards hide its suggestions, not the prompt or template.
    if (!completion || !(await this.access.mayUse(completion, request))) return { outcome: 'result', result: NO_COMPLETIONS };
    return { outcome: 'result', result: await this.invoker.complete(this.enhancers.enhanced(completion), value, context, this.environment(request)) };
  }

  /**
   * The drain deadline has passed: aborts every call still running through its own signal, so
   * each caller is answered at once that the server is shutting down; later calls are aborted as
   * they start. Returns how many were running.
   */
  cancelRunning(): number {
    return this.running.cancelAll();
  }

  /** The path for skills that call other skills (the Claude agent): this dispatcher, as the parent's caller. */
  get nestedCalls(): NestedDispatch {
    return this.nested;
  }

  private charged(tool: ToolDefinition, args: unknown, request: DispatchRequest): MaybePromise<ToolOutcome> {
    // Whether it runs as a task; a task-only tool refuses a client without the extension before anything is charged.
    const plan = this.tasks.plan(tool, request);
    if (typeof plan === 'object') return plan;
    const budget = request.admitted ? undefined : this.limits.takeCall(tool, request.caller);
    if (budget === undefined) return this.validated(tool, args, request, plan);
    return budget.then((refusal) =>
      refusal ? { outcome: 'refused', refused: 'rate', message: refusal.message, retryAfterSec: refusal.retryAfterSec } : this.validated(tool, args, request, plan),
    );
  }

  private validated(tool: ToolDefinition, args: unknown, request: DispatchRequest, plan: 'sync' | 'task'): MaybePromise<ToolOutcome> {
    const checked = tool.input.validate(args ?? {});
    const run = (input: Awaited<typeof checked>): MaybePromise<ToolOutcome> => {
      if (!input.ok) return { outcome: 'invalid', problems: input.problems, result: toolErrorResult(SkillsMessages.invalidArguments(tool.name, input.problems)) };
      request.onRun?.();
      if (plan === 'task')
        return this.tasks.start(tool, args, request, (env) => this.invoker.runTool(this.enhancers.enhanced(tool), input.value, { ...this.environment(request), ...env }));
      const outcome = this.invoker.runTool(this.enhancers.enhanced(tool), input.value, this.environment(request));
      return isThenable(outcome) ? outcome.then((value) => settled(value)) : settled(outcome);
    };
    return isThenable(checked) ? Promise.resolve(checked).then(run) : run(checked);
  }

  private async refusalFor(skill: SkillDefinition | undefined, request: DispatchRequest, unknownMessage: string): Promise<({ outcome: 'refused' } & DispatchRefusal) | undefined> {
    if (!skill) return { outcome: 'refused', refused: 'unknown', message: unknownMessage };
    const shortfall = this.access.shortfall(skill, request.caller);
    if (shortfall) return { outcome: 'refused', refused: 'scope', message: shortfall.description, shortfall };
    if (!(await this.access.mayUse(skill, request))) {
      return { outcome: 'refused', refused: 'guard', message: GatewayMessages.forbiddenByGuard(skill.name), unknownMessage };
    }
    return undefined;
  }

  private environment(request: DispatchRequest): SkillCallEnvironment {
    return callEnvironment(request, this.nested, this.running, this.config.defaultTimeoutMs);
  }
}
