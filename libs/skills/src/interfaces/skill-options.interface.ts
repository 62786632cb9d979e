import type { Type } from '@nestjs/common';
import type { StandardSchemaV1 } from '@modelcontextprotocol/server';

/**
 * What a skill's input or output is described by: a class-validator DTO class (the Nest way)
 * or any Standard Schema that can produce JSON Schema (zod 4, ArkType, ...).
 */
export type SkillSchemaSource = Type<object> | StandardSchemaV1;

/** Behaviour hints for clients, mapped to MCP `ToolAnnotations`. */
export interface ToolAnnotationOptions {
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  openWorld?: boolean;
}

/** Options of `@Tool()`. */
export interface ToolOptions {
  /** Wire name; defaults to the method name. Unique across the app. */
  name?: string;
  title?: string;
  description: string;
  /** The arguments, validated before the method runs. Omit for a tool that takes none. */
  input?: SkillSchemaSource;
  /** The result, advertised as `outputSchema` and returned as `structuredContent`. */
  output?: SkillSchemaSource;
  annotations?: ToolAnnotationOptions;
  /** The call is cancelled (its `ctx.signal` fires) after this many ms. Default: the gateway's (in a task, the gateway's task timeout). */
  timeoutMs?: number;
  /** At most `points` calls per caller every `durationSec` seconds. Default: the gateway's per-skill limit. */
  rateLimit?: { points: number; durationSec: number };
  /**
   * Runs the tool as a durable task (the MCP Tasks extension) for clients that can take one: the
   * client gets a task handle at once and polls it, the work survives the request. `'optional'` /
   * `'required'` is `{ mode }` with the gateway's defaults; see `ToolTaskOptions`.
   */
  task?: 'optional' | 'required' | ToolTaskOptions;
  /** What the audit trail keeps of this tool's calls (when the app records one); see `ToolAuditOptions`. */
  audit?: ToolAuditOptions;
}

/** What the audit trail keeps of a tool's calls (`@Tool({ audit })`). */
export interface ToolAuditOptions {
  /**
   * Keeps the arguments themselves in each record, not only their SHA-256 digest: values under
   * secret-looking names (password, secret, token, api key, authorization) and secrets written
   * as `key=value` or `Bearer ...` are replaced, long strings and large values cut. Default false.
   */
  arguments?: boolean;
}

/** How a tool runs as a task (`@Tool({ task })`). */
export interface ToolTaskOptions {
  /**
   * `optional`: a client that declares the Tasks extension on its request gets a task, any other a
   * plain result. `required`: only as a task; a 2026-07-28 client that does not declare the extension
   * is answered -32021 (legacy clients and nested calls run it synchronously, as before tasks existed).
   */
  mode: 'optional' | 'required';
  /**
   * Runs the call in the request for up to this many ms first. A call that settles by then is answered
   * as a plain call (`optional`: its result; `required`: a task already completed), and input it asks
   * for by then is a multi-round `input_required` answer, before any task exists. Past it, the call
   * becomes a task and goes on in the background. Omitted: the task is created before the skill runs.
   */
  inlineMs?: number;
  /**
   * Safe to run again from the start (with the answers the client gave so far) when the replica
   * running it is lost; otherwise such a task is reported `failed`. Default false.
   */
  rerunnable?: boolean;
  /** How long the task is kept after its creation, in ms. Default: the gateway's `tasks.ttlMs`. */
  ttlMs?: number;
  /** The polling interval suggested to clients, in ms. Default: the gateway's `tasks.pollIntervalMs`. */
  pollIntervalMs?: number;
}

/** Options of `@Resource()`: one resource at a fixed URI. */
export interface ResourceOptions {
  uri: string;
  /** Defaults to the method name. */
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  timeoutMs?: number;
}

/** Options of `@ResourceTemplate()`: a family of resources addressed by an RFC 6570 URI template. */
export interface ResourceTemplateOptions {
  uriTemplate: string;
  /** Defaults to the method name. Unique across the app. */
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  timeoutMs?: number;
}

/** Options of `@Prompt()`. */
export interface PromptOptions {
  /** Defaults to the method name. Unique across the app. */
  name?: string;
  title?: string;
  description?: string;
  /** A DTO (or Standard Schema) of string arguments; its properties become the prompt's arguments. */
  args?: SkillSchemaSource;
  timeoutMs?: number;
}
