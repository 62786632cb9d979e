/** Options of the tracing part of `ObservabilityModule` (the SDK itself is `startTracing()`'s). */
export interface TracingOptions {
  /** A span per MCP and REST request (SERVER). Default true. */
  requests?: boolean;
  /** A span per skill call: tools, prompts, resources, completions, nested and task calls (INTERNAL). Default true. */
  calls?: boolean;
  /** The prefix of the skill call span's attributes from `ctx.audit({...})`. Default `skillnest.audit.`. */
  auditAttributePrefix?: string;
  /** Most time the drain's end waits for the last spans to be exported, in ms. Default 5000. */
  flushTimeoutMs?: number;
}
