import type { CreateMessageResult, ElicitResult, LoggingLevel, Root } from '@modelcontextprotocol/server';
import type { ElicitRequest, SampleRequest } from '../context/input-request.collector';

/** Who is calling a skill, as the gateway's authentication established it. */
export interface SkillCaller {
  /** Stable identifier of the principal, prefixed by how it authenticated (`static:<name>`, `jwt:<iss>|<sub>`, `introspection:<sub>`); `anonymous` when unauthenticated. */
  readonly id: string;
  readonly authenticated: boolean;
  readonly scopes: readonly string[];
  /** Verified claims or attributes of the principal, never the credential itself. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The client on the other end, as far as this request tells. */
export interface SkillClient {
  /** `modern` (2026-07-28) or `legacy` (2025 revisions). */
  readonly era: 'modern' | 'legacy';
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly info?: { name: string; version: string };
}

/**
 * Everything a skill may use besides its input, passed as the argument marked `@Ctx()` (or, by
 * default, the second argument).
 */
export interface SkillContext {
  readonly caller: SkillCaller;
  readonly client: SkillClient;
  /** The JSON-RPC id of the request being served. */
  readonly requestId: string | number;
  /** Fires on client disconnect, cancellation or the skill's timeout. Pass it to every I/O call. */
  readonly signal: AbortSignal;
  /** Reports progress when the client asked for it (a no-op otherwise). */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /** Sends a log message to the client, subject to the level it asked for. */
  log(level: LoggingLevel, message: string, data?: unknown): Promise<void>;
  /** Asks the user for input through the client (see `InputRequestCollector` for the re-run model). */
  elicit(request: ElicitRequest): Promise<ElicitResult>;
  /** Asks the client's model for a completion. */
  sample(request: SampleRequest): Promise<CreateMessageResult>;
  /** Asks the client for its roots. */
  listRoots(request?: { key?: string }): Promise<{ roots: Root[] }>;
  /**
   * Adds fields of the skill's own (an incident id, a ticket number) to this call's audit record
   * and trace span. At most 32 fields; strings are cut to 256 characters; later calls add to or
   * replace earlier fields. A no-op when the app records no audit trail.
   */
  audit(fields: Readonly<Record<string, AuditFieldValue>>): void;
}

/** A value `ctx.audit()` records. */
export type AuditFieldValue = string | number | boolean | null;

/** The scope that stands for every scope: trusted service credentials, the local unauthenticated caller. */
export const ALL_SCOPES = '*';

/**
 * The caller of an unauthenticated gateway: the local user of a gateway that only listens on
 * 127.0.0.1, so it holds every scope (`*`); per-skill scopes only mean something with auth.
 */
export const ANONYMOUS_CALLER: SkillCaller = Object.freeze({
  id: 'anonymous',
  authenticated: false,
  scopes: Object.freeze([ALL_SCOPES]) as readonly string[],
  claims: Object.freeze({}),
});
