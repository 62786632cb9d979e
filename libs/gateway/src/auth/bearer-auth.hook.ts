import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { SkillCaller } from '@skillnest/skills';
import { GatewayMessages } from '../gateway.messages';
import { sendJsonRpcError } from '../http/json-rpc-error.reply';
import type { AuthFailureReason } from '../observe/gateway-refusals';
import { AuthMessages } from './auth.messages';
import type { RequestTrail } from '../observe/request-trail';
import type { FrontDoor } from '../observe/skill-call-observer';
import { bearerChallenge } from './bearer-challenge.util';
import { InvalidTokenError, VerifierBusyError, VerifierUnavailableError, type TokenVerifier } from './token-verifier.interface';
import { tokenCacheKey } from './verified-token.cache';

// RFC 6750 section 2.1: b64token after exactly one "Bearer " scheme prefix.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const BEARER_PREFIX = /^Bearer /i;
const UNAUTHORIZED = -32001;

/** The principal, as the MCP SDK carries it to handlers (`ctx.http.authInfo`); `via` names a front door other than HTTP (stdio). */
export type CallerAuthInfo = AuthInfo & { extra: { caller: SkillCaller; trail?: RequestTrail; via?: FrontDoor } };

/** Where a verified request keeps its principal; `toNodeHandler` forwards `req.auth` to the SDK. */
export type AuthenticatedRaw = FastifyRequest['raw'] & { auth?: CallerAuthInfo };

/** A verified Fastify request: `user` is the principal, for ordinary Nest guards. */
export type AuthenticatedRequest = FastifyRequest & { user?: SkillCaller };

/**
 * An `onRequest` hook: decides on the bearer token before Fastify reads the body, so an
 * unauthenticated client cannot make the server parse megabytes. Verifiers are asked in order
 * (static tokens, then JWT, then introspection); a verifier outage answers 503, never a pass.
 * Failures answer 401 with a `Bearer` challenge naming the RFC 9728 metadata when the gateway
 * has a resource URL (400 for a malformed header or a token in the query string, per RFC 6750).
 *
 * A callback hook rather than an async one, so that the common case costs no promise: a token a
 * verifier already vouches for (a configured static token, a remembered JWT or introspection
 * verdict) is found by its digest, hashed once for all verifiers, and the request goes on at once.
 * That lookup needs no syntax check of the header: only a token that passed the full check below
 * can have been remembered, and the digest matches that exact string only. `onRefused` hears of
 * every refusal, by reason (metrics).
 */
export function bearerAuthHook(verifiers: TokenVerifier[], metadataUrl: string | undefined, onRefused: (reason: AuthFailureReason) => void = () => undefined) {
  const lookups = verifiers.filter((verifier) => verifier.known !== undefined);
  // One principal object per caller: cached callers are the same frozen object every time, and
  // the SDK only reads it, so the per-request copy of the scopes is not needed.
  const principals = new WeakMap<SkillCaller, CallerAuthInfo>();
  const admit = (request: FastifyRequest, caller: SkillCaller) => {
    (request as AuthenticatedRequest).user = caller;
    let auth = principals.get(caller);
    if (auth === undefined) {
      // The SDK type requires `token`; the credential itself never travels past this hook, so
      // skills, logs and upstream calls cannot leak it.
      auth = Object.freeze({ token: '', clientId: caller.id, scopes: caller.scopes as string[], resourceMetadataUrl: metadataUrl, extra: { caller } }) as CallerAuthInfo;
      principals.set(caller, auth);
    }
    (request.raw as AuthenticatedRaw).auth = auth;
  };
  const decide = checkBearer(verifiers, metadataUrl, admit, onRefused);
  return function verifyBearer(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const header = request.headers.authorization;
    if (header !== undefined && lookups.length > 0 && BEARER_PREFIX.test(header) && !request.url.includes('access_token=')) {
      const key = tokenCacheKey(header.slice(7));
      for (const verifier of lookups) {
        const caller = verifier.known!(key);
        if (caller !== undefined) {
          admit(request, caller);
          return done();
        }
      }
    }
    decide(request, reply).then(() => done(), done);
  };
}

/** The full check: the header's syntax, then each verifier in turn; a refusal is answered here. */
function checkBearer(
  verifiers: TokenVerifier[],
  metadataUrl: string | undefined,
  admit: (request: FastifyRequest, caller: SkillCaller) => void,
  onRefused: (reason: AuthFailureReason) => void,
) {
  return async function decide(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const refuse = (status: number, error: string, message: string, reason: AuthFailureReason) => {
      onRefused(reason);
      const challenge = bearerChallenge({ error, error_description: message, resource_metadata: metadataUrl });
      sendJsonRpcError(reply, status, UNAUTHORIZED, message, { 'www-authenticate': challenge });
    };
    // A token in a URL ends up in proxy logs and browser history; RFC 9700 forbids it.
    if (/[?&]access_token=/.test(request.url)) return refuse(400, 'invalid_request', GatewayMessages.tokenInQuery(), 'token_in_query');
    const header = request.headers.authorization;
    if (!header) return refuse(401, 'invalid_token', GatewayMessages.missingToken(), 'missing');
    const match = BEARER.exec(header);
    if (!match) return refuse(400, 'invalid_request', GatewayMessages.malformedAuthorization(), 'malformed');

    let caller: SkillCaller | undefined;
    let unavailable: VerifierUnavailableError | undefined;
    for (const verifier of verifiers) {
      if (!verifier.accepts(match[1])) continue;
      try {
        caller = await verifier.verify(match[1]);
      } catch (error) {
        // Authentic but unusable (no subject, say): the reason is final, no other verifier may accept it.
        if (error instanceof InvalidTokenError) return refuse(401, 'invalid_token', error.description, 'rejected');
        if (!(error instanceof VerifierUnavailableError)) throw error;
        unavailable = error;
      }
      if (caller) break;
    }
    if (!caller && unavailable) {
      // Busy: the verifier's cap on calls in flight; the flood clears within a second or so.
      const busy = unavailable instanceof VerifierBusyError;
      onRefused(busy ? 'busy' : 'unavailable');
      sendJsonRpcError(reply, 503, -32000, busy ? AuthMessages.verifierBusy() : GatewayMessages.verifierUnavailable(), { 'retry-after': busy ? '1' : '5' });
      return;
    }
    if (!caller) return refuse(401, 'invalid_token', GatewayMessages.invalidToken(), 'invalid');
    admit(request, caller);
  };
}
