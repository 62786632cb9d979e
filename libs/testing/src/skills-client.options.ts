import type { ClientOptions, ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/client';

/**
 * The protocol era a client speaks: `modern` is the 2026-07-28 revision (the official v2 client
 * with `versionNegotiation: { mode: 'auto' }`: `server/discover`, per-request `_meta`, input
 * rounds as `input_required` results); `legacy` is a 2025 client (the same client without
 * negotiation: `initialize`, a session, server-to-client requests).
 */
export type SkillsEra = 'modern' | 'legacy';

/** A value a map of elicitation answers may give a requested field (elicitation forms are flat). */
export type ElicitValue = string | number | boolean | string[];

/**
 * How a client answers a skill's `ctx.elicit(...)`, in either era:
 * - a map of field values: the client accepts, giving each requested field its value from the
 *   map (`{ open: true }`); a required field the map lacks fails the call, naming it;
 * - a function of the request (its `message` and `requestedSchema`): it returns the whole answer,
 *   so it can decline (`{ action: 'decline' }`), cancel, or record what was asked.
 */
export type ElicitAnswers = Readonly<Record<string, ElicitValue>> | ((request: ElicitRequestParams) => ElicitResult | Promise<ElicitResult>);

/** Options of `SkillsHarness.client()`. */
export interface SkillsClientOptions {
  /** The era to speak. Default `modern`. */
  era?: SkillsEra;
  /** A caller declared in `callers` (its id): the client sends its bearer token. Default: no token. */
  as?: string;
  /** Answers to elicitations; with them the client declares the `elicitation` capability. Without, skills see a client that cannot be asked. */
  elicit?: ElicitAnswers;
  /** Name and version the client announces. Default `skillnest-testing` / `0.0.0`. */
  clientInfo?: { name: string; version: string };
  /** More options of the official client (`listChanged`, `inputRequired`, more capabilities, ...); `versionNegotiation` comes from `era`. */
  client?: Omit<ClientOptions, 'versionNegotiation'>;
}
