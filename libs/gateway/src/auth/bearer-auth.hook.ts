import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { SkillCaller } from '@skillnest/skills';
import { GatewayMessages } from '../gateway.messages';
import { sendJsonRpcError } from '../http/json-rpc-error.reply';
import type { StaticTokenVerifier } from './static-token.verifier';

// RFC 6750 section 2.1: b64token after exactly one "Bearer " scheme prefix.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const UNAUTHORIZED = -32001;

/** The principal, as the MCP SDK carries it to handlers (`ctx.http.authInfo`). */
export type CallerAuthInfo = AuthInfo & { extra: { caller: SkillCaller } };

/** Where a verified request keeps its principal; `toNodeHandler` forwards `req.auth` to the SDK. */
export type AuthenticatedRaw = FastifyRequest['raw'] & { auth?: CallerAuthInfo };

/**
 * An `onRequest` hook: decides on the bearer token before Fastify reads the body, so an
 * unauthenticated client cannot make the server parse megabytes. Failures answer 401 with the
 * RFC 9728 `resource_metadata` challenge (400 for a malformed header, per RFC 6750).
 */
export function bearerAuthHook(verifier: StaticTokenVerifier, metadataUrlFor: (request: FastifyRequest) => string) {
  return async function verifyBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const challenge = (error?: string) =>
      `Bearer ${error ? `error="${error}", ` : ''}resource_metadata="${metadataUrlFor(request)}"`;
    const header = request.headers.authorization;
    if (!header) {
      sendJsonRpcError(reply, 401, UNAUTHORIZED, GatewayMessages.missingToken(), { 'www-authenticate': challenge() });
      return reply;
    }
    const match = BEARER.exec(header);
    if (!match) {
      sendJsonRpcError(reply, 400, UNAUTHORIZED, GatewayMessages.missingToken(), {
        'www-authenticate': challenge('invalid_request'),
      });
      return reply;
    }
    const caller = verifier.verify(match[1]);
    if (!caller) {
      sendJsonRpcError(reply, 401, UNAUTHORIZED, GatewayMessages.invalidToken(), {
        'www-authenticate': challenge('invalid_token'),
      });
      return reply;
    }
    // The SDK type requires `token`; the credential itself never travels past this hook, so
    // skills, logs and upstream calls cannot leak it.
    (request.raw as AuthenticatedRaw).auth = {
      token: '',
      clientId: caller.id,
      scopes: [...caller.scopes],
      extra: { caller },
    };
  };
}
