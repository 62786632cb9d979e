/** JSON Schema as advertised on the wire. */
export type JsonSchemaObject = { type?: unknown; properties?: Record<string, JsonSchemaObject>; required?: string[] } & Record<string, unknown>;

/** The outcome of validating one value: the value to hand to the skill, or readable problems. */
export type SchemaValidation = { ok: true; value: unknown } | { ok: false; problems: string[] };

/**
 * A skill's input or output schema, compiled once at bootstrap: the JSON Schema clients see and
 * the validator the invoker runs, derived from the same source so they cannot drift apart.
 */
export interface SkillSchema {
  readonly jsonSchema: JsonSchemaObject;
  /** Synchronous when the validator is (no async constraint): callers `await` it either way. */
  validate(value: unknown): SchemaValidation | Promise<SchemaValidation>;
}
