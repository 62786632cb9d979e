import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { SkillCaller } from '@skillnest/skills';
import { GatewayMessages } from '../gateway.messages';
import { sendJsonRpcError } from '../http/json-rpc-error.reply';
import { AuthMessages } from './auth.messages';
import { bearerChallenge } from './bearer-challenge.util';
import { InvalidTokenError, VerifierBusyError, VerifierUnavailableError, type TokenVerifier } from './token-verifier.interface';

// RFC 6750 section 2.1: b64token after exactly one "Bearer " scheme prefix.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const UNAUTHORIZED = -32001;

/** The principal, as the MCP SDK carries it to handlers (`ctx.http.authInfo`). */
export type CallerAuthInfo = AuthInfo & { extra: { caller: SkillCaller } };

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
 */
export function bearerAuthHook(verifiers: TokenVerifier[], metadataUrl: string | undefined) {
  return async function verifyBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const refuse = (status: number, error: string, message: string) => {
      const challenge = bearerChallenge({ error, error_description: message, resource_metadata: metadataUrl });
      sendJsonRpcError(reply, status, UNAUTHORIZED, message, { 'www-authenticate': challenge });
      return reply as unknown as void;
    };
    // A token in a URL ends up in proxy logs and browser history; RFC 9700 forbids it.
    if (/[?&]access_token=/.test(request.url)) return refuse(400, 'invalid_request', GatewayMessages.tokenInQuery());
    const header = request.headers.authorization;
    if (!header) return refuse(401, 'invalid_token', GatewayMessages.missingToken());
    const match = BEARER.exec(header);
    if (!match) return refuse(400, 'invalid_request', GatewayMessages.malformedAuthorization());

    let caller: SkillCaller | undefined;
    let unavailable: VerifierUnavailableError | undefined;
    for (const verifier of verifiers) {
      if (!verifier.accepts(match[1])) continue;
      try {
        caller = await verifier.verify(match[1]);
      } catch (error) {
        // Authentic but unusable (no subject, say): the reason is final, no other verifier may accept it.
        if (error instanceof InvalidTokenError) return refuse(401, 'invalid_token', error.description);
        if (!(error instanceof VerifierUnavailableError)) throw error;
        unavailable = error;
      }
      if (caller) break;
    }
    if (!caller && unavailable) {
      // Busy: the verifier's cap on calls in flight; the flood clears within a second or so.
      const busy = unavailable instanceof VerifierBusyError;
      sendJsonRpcError(reply, 503, -32000, busy ? AuthMessages.verifierBusy() : GatewayMessages.verifierUnavailable(), { 'retry-after': busy ? '1' : '5' });
      return reply as unknown as void;
    }
    if (!caller) return refuse(401, 'invalid_token', GatewayMessages.invalidToken());
    (request as AuthenticatedRequest).user = caller;
    // The SDK type requires `token`; the credential itself never travels past this hook, so
    // skills, logs and upstream calls cannot leak it.
    (request.raw as AuthenticatedRaw).auth = {
      token: '',
      clientId: caller.id,
      scopes: [...caller.scopes],
      resourceMetadataUrl: metadataUrl,
      extra: { caller },
    } as CallerAuthInfo;
  };
}
