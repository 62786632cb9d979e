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
  /** The call is cancelled (its `ctx.signal` fires) after this many ms. Default: the gateway's. */
  timeoutMs?: number;
  /** At most `points` calls per caller every `durationSec` seconds. Default: the gateway's per-skill limit. */
  rateLimit?: { points: number; durationSec: number };
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
