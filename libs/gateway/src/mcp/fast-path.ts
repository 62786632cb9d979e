import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY, SERVER_INFO_META_KEY } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, type SkillCaller, type SkillClient } from '@skillnest/skills';
import { isThenable, toolErrorResult, type CallCancellation, type MaybePromise } from '@skillnest/skills/internal';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import { GatewayConfig } from '../config/gateway-config';
import type { ToolOutcome } from '../dispatch/dispatch.types';
import type { RoundBinding } from '../dispatch/round-state.binding';
import { RoundStateCodec } from '../dispatch/round-state.codec';
import { SkillCatalog } from '../dispatch/skill-catalog';
import { SkillDispatcher } from '../dispatch/skill-dispatcher';
import { acceptsJsonAndSse, isObject, LEGACY_VERSIONS, type FastAnswer } from './fast-answer';
import { fastHandshake } from './fast-handshake';
import { McpProtocol } from './mcp-protocol';
import { trailOf } from '../observe/request-trail';
import { firstUnsupportedInput, legacyStatelessInputMessage, missingCapabilityError } from './input-capabilities.util';
import { onlyTraceContext, TRACE_CONTEXT_META_KEYS } from './trace-context-meta.util';

const MODERN = '2026-07-28';
const ENVELOPE_KEYS = new Set([PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY, ...TRACE_CONTEXT_META_KEYS]);
const CALL_PARAMS = new Set(['name', 'arguments', '_meta']);
const LIST_PARAMS = new Set(['_meta']);

/**
 * Answers the two requests that make up nearly all MCP traffic, `tools/call` and `tools/list`,
 * without building an SDK server and transport per request, which is where the SDK's per-request
 * model spends most of its CPU. It only takes requests whose every detail it can vouch for: the
 * exact 2026-07-28 envelope and headers (or a plain stateless 2025 request), no progress token, no
 * log level, no multi-round material, a known tool the caller may use whose schema mirrors no
 * argument into headers. Anything else, every error case included, returns `undefined` and goes
 * to the SDK, which stays the single authority on protocol semantics; the conformance suite runs
 * through both paths. The answers are byte-for-byte what the SDK path answers.
 */
@Injectable()
export class McpFastPath {
  private readonly serverMeta: Record<string, unknown>;
  private readonly serverMetaJson: string;
  private readonly headerTools = new WeakMap<object, boolean>();
  private readonly pageSize: number;

  constructor(
    config: GatewayConfig,
    private readonly catalog: SkillCatalog,
    private readonly dispatcher: SkillDispatcher,
    private readonly rounds: RoundStateCodec,
    private readonly protocol: McpProtocol,
  ) {
    this.serverMeta = { [SERVER_INFO_META_KEY]: config.serverInfo };
    this.serverMetaJson = JSON.stringify(this.serverMeta);
    this.pageSize = config.pageSize;
  }

  /**
   * The answer, or undefined to hand the request to the SDK. Synchronous for a synchronous skill
   * (no promise on the whole path), a promise otherwise.
   */
  tryHandle(request: FastifyRequest, cancellation: CallCancellation): MaybePromise<FastAnswer | undefined> {
    const body = request.body;
    if (request.method !== 'POST' || !isObject(body) || body.jsonrpc !== '2.0') return undefined;
    if (body.method === 'initialize' || body.method === 'notifications/initialized') return fastHandshake(this.protocol, request, body);
    const { id, method } = body;
    // An id JSON cannot round-trip (1e400 parses to Infinity, 0.5 is no integer) is the SDK's to refuse.
    if ((typeof id !== 'string' && !Number.isSafeInteger(id)) || (method !== 'tools/call' && method !== 'tools/list')) return undefined;
    const headers = request.headers;
    const session = headers['mcp-session-id'];
    const caller: SkillCaller = (request as AuthenticatedRequest).user ?? ANONYMOUS_CALLER;
    if (session !== undefined && (typeof session !== 'string' || !this.protocol.acceptsLight(session, caller.id))) return undefined;
    const accept = headers.accept;
    if (!acceptsJsonAndSse(accept)) return undefined;
    const params = body.params === undefined ? {} : body.params;
    if (!isObject(params)) return undefined;
    for (const key in params) if (!(method === 'tools/call' ? CALL_PARAMS : LIST_PARAMS).has(key)) return undefined;

    const version = headers['mcp-protocol-version'];
    let modern: boolean;
    if (version === MODERN) {
      if (!this.modernEnvelopeOk(headers, method, params)) return undefined;
      modern = true;
    } else {
      // A plain stateless 2025 request: no envelope (trace context aside), no progress token, a version we serve.
      if (version !== undefined && (typeof version !== 'string' || !LEGACY_VERSIONS.has(version))) return undefined;
      if (params._meta !== undefined && !onlyTraceContext(params._meta)) return undefined;
      modern = false;
    }
    if (modern && session !== undefined) return undefined;
    if (method === 'tools/list') {
      const lists = this.catalog.resultsFor(caller, () => headers);
      return isThenable(lists)
        ? lists.then((settled) => this.listAnswer(settled.tools, modern, id as string | number))
        : this.listAnswer(lists.tools, modern, id as string | number);
    }
    if (typeof params.name !== 'string' || (params.arguments !== undefined && !isObject(params.arguments))) return undefined;
    const tool = this.dispatcher.tool(params.name);
    // A task tool may answer with a task, which only the SDK path answers (and the row write dwarfs its cost).
    if (!tool || tool.options.task !== undefined || this.mirrorsArgumentsIntoHeaders(tool.input.jsonSchema)) return undefined;
    const meta = params._meta as Record<string, unknown>; // the envelope (checked above); its clientInfo is passed on, as the SDK path does
    const capabilities = modern ? (meta[CLIENT_CAPABILITIES_META_KEY] as Record<string, unknown>) : {};
    // The call a state issued here belongs to, as the SDK path binds it (`McpServerFactoryProvider`).
    const binding: RoundBinding = { callerId: caller.id, method, target: params.name, args: params.arguments };
    const outcome = this.dispatcher.callTool(params.name, params.arguments, {
      caller,
      client: { era: modern ? 'modern' : 'legacy', capabilities, info: modern ? (meta[CLIENT_INFO_META_KEY] as SkillClient['info']) : undefined },
      requestId: id as string | number,
      headers,
      cancellation,
      // The route charged the budget before this ran (`SkillDispatcher.admit`); a refusal goes to the SDK, which dispatches it again.
      admitted: true,
      refusalsHandedOver: true,
      trail: trailOf(request),
    });
    return isThenable(outcome)
      ? outcome.then((settled) => this.callAnswer(settled, modern, id as string | number, capabilities, binding))
      : this.callAnswer(outcome, modern, id as string | number, capabilities, binding);
  }

  private listAnswer(tools: { tools: unknown[] }, modern: boolean, id: string | number): FastAnswer | undefined {
    return tools.tools.length > this.pageSize ? undefined : this.answer(tools, 'tools/list', modern, id);
  }

  /**
   * A refusal is decided before the skill runs, so the SDK may answer it (403, -32602) in its
   * own words. A skill that asked for input is answered here, from its one run: `input_required`
   * on 2026-07-28; on the stateless 2025 wire, which cannot carry a server request, the error
   * result the SDK's legacy shim answers.
   */
  private callAnswer(
    outcome: ToolOutcome,
    modern: boolean,
    id: string | number,
    capabilities: Record<string, unknown>,
    binding: RoundBinding,
  ): MaybePromise<FastAnswer | undefined> {
    if (outcome.outcome === 'result' || outcome.outcome === 'invalid') return this.answer(outcome.result, 'tools/call', modern, id);
    if (outcome.outcome === 'refused' || outcome.outcome === 'task') return undefined;
    const unsupported = firstUnsupportedInput(outcome.pending, modern ? capabilities : undefined);
    if (!modern) return this.answer(toolErrorResult(legacyStatelessInputMessage(unsupported!)), 'tools/call', modern, id);
    if (unsupported) return { status: 400, body: missingCapabilityError(id, unsupported) };
    return this.answer(this.rounds.inputRequired(outcome.pending, binding), 'tools/call', modern, id);
  }

  private answer(value: object | undefined, method: 'tools/call' | 'tools/list', modern: boolean, id: string | number): FastAnswer | undefined {
    if (value === undefined) return undefined;
    return { status: 200, body: `{"result":${this.resultJson(value, method, modern)},"jsonrpc":"2.0","id":${JSON.stringify(id)}}` };
  }

  /**
   * The result as JSON. The 2026-07-28 result carries what the SDK adds to every result:
   * resultType, the cache hints of lists, and the server's identity, appended in the SDK's key
   * order to the skill's own JSON rather than spread into a copy of it (the copy was a visible
   * share of a call). A result that already has one of those keys takes the spread.
   */
  private resultJson(result: object, method: 'tools/call' | 'tools/list', modern: boolean): string {
    // The SDK's result schema puts `_meta` first; a skill's own `_meta` goes there too.
    const value = '_meta' in result ? Object.assign({ _meta: undefined }, result) : result;
    if (!modern) return JSON.stringify(value);
    const extra = method === 'tools/list' ? this.catalog.listCacheHint() : undefined;
    if ('resultType' in value || '_meta' in value || (extra && ('ttlMs' in value || 'cacheScope' in value))) {
      const resultType = (value as { resultType?: unknown }).resultType ?? 'complete';
      return JSON.stringify({ ...value, resultType, ...extra, _meta: this.stampedMeta((value as { _meta?: unknown })._meta) });
    }
    const own = JSON.stringify(value);
    const tail = `"resultType":"complete"${extra ? `,"ttlMs":${extra.ttlMs},"cacheScope":"${extra.cacheScope}"` : ''},"_meta":${this.serverMetaJson}}`;
    return own === '{}' ? `{${tail}` : `${own.slice(0, -1)},${tail}`;
  }

  private modernEnvelopeOk(headers: FastifyRequest['headers'], method: string, params: Record<string, unknown>): boolean {
    if (typeof headers['mcp-method'] !== 'string' || headers['mcp-method'].trim() !== method) return false;
    const meta = params._meta;
    if (!isObject(meta) || meta[PROTOCOL_VERSION_META_KEY] !== MODERN || !isObject(meta[CLIENT_CAPABILITIES_META_KEY])) return false;
    for (const key in meta) if (!ENVELOPE_KEYS.has(key)) return false; // progressToken, logLevel, anything else
    const info = meta[CLIENT_INFO_META_KEY];
    if (info !== undefined && (!isObject(info) || typeof info.name !== 'string' || typeof info.version !== 'string')) return false;
    if (method === 'tools/call') {
      const name = headers['mcp-name'];
      if (typeof name !== 'string' || name.trim() !== params.name) return false;
    }
    return true;
  }

  /** The skill's own `_meta` with the server's identity added, as the SDK's `stampServerInfoMeta` does. */
  private stampedMeta(meta: unknown): unknown {
    if (meta === undefined) return this.serverMeta;
    if (!isObject(meta) || meta[SERVER_INFO_META_KEY] !== undefined) return meta;
    return { ...meta, ...this.serverMeta };
  }

  /** SEP-2243 `x-mcp-header` tools need the SDK's `Mcp-Param-*` checks. */
  private mirrorsArgumentsIntoHeaders(schema: Record<string, unknown>): boolean {
    let known = this.headerTools.get(schema);
    if (known === undefined) {
      known = JSON.stringify(schema).includes('"x-mcp-header"');
      this.headerTools.set(schema, known);
    }
    return known;
  }
}
