/** Who is calling a skill, as the gateway's authentication established it. */
export interface SkillCaller {
  /** Stable identifier of the principal (token name, JWT `sub`, ...); `anonymous` when unauthenticated. */
  readonly id: string;
  readonly authenticated: boolean;
  readonly scopes: readonly string[];
  /** Verified claims or attributes of the principal, never the credential itself. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The second argument of every skill method. */
export interface SkillContext {
  readonly caller: SkillCaller;
  /** The JSON-RPC id of the request being served. */
  readonly requestId: string | number;
  /** Fires when the client goes away or the call is cancelled. */
  readonly signal: AbortSignal;
}

/** The caller of an unauthenticated gateway. */
export const ANONYMOUS_CALLER: SkillCaller = Object.freeze({
  id: 'anonymous',
  authenticated: false,
  scopes: Object.freeze([]) as readonly string[],
  claims: Object.freeze({}),
});
