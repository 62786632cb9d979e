import type { JWTPayload } from 'jose';
import type { SkillCaller } from '@skillnest/skills';
import { AuthMessages } from './auth.messages';
import { InvalidTokenError } from './token-verifier.interface';

/** How a caller authenticated; the first part of its id. */
export type CallerKind = 'static' | 'jwt' | 'introspection';

// `%` first, so that an escaped `|` cannot be confused with an issuer that had `%7C` in it.
const escapeIssuer = (issuer: string) => issuer.replaceAll('%', '%25').replaceAll('|', '%7C');

/**
 * The caller id of a principal: `static:<id>`, `jwt:<iss>|<sub>` or `introspection:<sub>`. The
 * kind comes first and a JWT's issuer is part of it, so a static token named `ana`, a JWT subject
 * `ana` and an introspected `ana` are three principals: sessions, rate budgets, `input_required`
 * state and caches are all keyed by this id, and can never mix two of them.
 */
export function callerId(kind: CallerKind, subject: string, issuer?: string): string {
  return kind === 'jwt' ? `jwt:${escapeIssuer(issuer ?? '')}|${subject}` : `${kind}:${subject}`;
}

const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * The caller a verified set of claims describes. The subject is `sub`, or `client_id` for a
 * token issued to a client itself (RFC 9068 gives both the same value then). A token naming
 * neither is refused: it would be a principal without an identity. Scopes come from `scope`
 * (RFC 9068) or `scp`.
 */
export function callerFromClaims(claims: JWTPayload & { scope?: unknown; scp?: unknown; client_id?: unknown }, kind: 'jwt' | 'introspection'): SkillCaller {
  const subject = nonEmpty(claims.sub) ?? nonEmpty(claims.client_id);
  if (subject === undefined) throw new InvalidTokenError(AuthMessages.noSubject());
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : Array.isArray(claims.scp) ? claims.scp.map(String) : [];
  return Object.freeze({
    id: callerId(kind, subject, typeof claims.iss === 'string' ? claims.iss : undefined),
    authenticated: true,
    scopes: Object.freeze(scopes),
    claims: Object.freeze({ ...claims }),
  });
}
