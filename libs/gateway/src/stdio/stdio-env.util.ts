import { ALL_SCOPES, ANONYMOUS_CALLER, type SkillCaller } from '@skillnest/skills';
import { GatewayConfigError } from '../errors/gateway-config.error';
import type { StdioOptions } from './stdio.options';
import { StdioMessages } from './stdio.messages';

/** A caller id as logged and audited: printable, no spaces, bounded. */
const CALLER_ID = /^[\x21-\x7E]{1,200}$/;
/** RFC 6749 scope-token characters. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

function scopesFrom(value: string | undefined): readonly string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const scopes = value.split(/[\s,]+/).filter(Boolean);
  const bad = scopes.find((scope) => !SCOPE.test(scope));
  if (bad !== undefined) throw new GatewayConfigError(StdioMessages.badScope(bad));
  return Object.freeze([...new Set(scopes)]);
}

/**
 * Who calls over stdio, from `SKILLNEST_STDIO_CALLER` and `SKILLNEST_STDIO_SCOPES`. Unset, it is
 * the local user as an unauthenticated local gateway knows them: `ANONYMOUS_CALLER` (every scope).
 * A caller id keeps its `kind:` prefix (`static:alice` is the principal the static token `alice`
 * gives over HTTP: the same audit lines, namespaces and budgets); a bare name becomes `stdio:<name>`.
 * It is `authenticated`: whoever started the process vouched for it. Scopes are separated by
 * spaces or commas; unset, the caller holds every scope (`*`).
 */
export function stdioCallerFromEnv(env: NodeJS.ProcessEnv): SkillCaller {
  const name = env.SKILLNEST_STDIO_CALLER?.trim() || undefined;
  const scopes = scopesFrom(env.SKILLNEST_STDIO_SCOPES);
  if (name === undefined) return scopes === undefined ? ANONYMOUS_CALLER : Object.freeze({ ...ANONYMOUS_CALLER, scopes });
  if (!CALLER_ID.test(name)) throw new GatewayConfigError(StdioMessages.badCaller(name));
  return Object.freeze({
    id: /^[a-z][\w-]*:./i.test(name) ? name : `stdio:${name}`,
    authenticated: true,
    scopes: scopes ?? Object.freeze([ALL_SCOPES]),
    claims: Object.freeze({}),
  });
}

/**
 * The stdio front door's options from the environment: the caller, `SKILLNEST_STDIO_LEGACY`
 * (`serve` | `reject`) and `SKILLNEST_STDIO_GATEWAY` (the path of the gateway to serve, when the
 * app has several). Logs written to stdout would corrupt the protocol: `SKILLNEST_LOG_DESTINATION=stdout` fails.
 */
export function stdioOptionsFromEnv(env: NodeJS.ProcessEnv): StdioOptions {
  if (env.SKILLNEST_LOG_DESTINATION === 'stdout') throw new GatewayConfigError(StdioMessages.logsOnStdout());
  const legacy = env.SKILLNEST_STDIO_LEGACY || 'serve';
  if (legacy !== 'serve' && legacy !== 'reject') throw new GatewayConfigError(StdioMessages.badLegacy(legacy));
  return { caller: stdioCallerFromEnv(env), legacy, ...(env.SKILLNEST_STDIO_GATEWAY ? { gateway: env.SKILLNEST_STDIO_GATEWAY } : {}) };
}
