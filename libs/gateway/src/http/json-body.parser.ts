import type { FastifyInstance } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { nestsDeeperThan } from './json-depth.util';

/** Error codes the gateway's own body parser raises, mapped by `gatewayErrorHandler`. */
export const BodyErrorCode = {
  invalidJson: 'SKILLNEST_INVALID_JSON',
  forbiddenKey: 'SKILLNEST_FORBIDDEN_KEY',
  tooDeep: 'SKILLNEST_JSON_TOO_DEEP',
} as const;

class BodyParseError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Replaces Fastify's JSON parser inside the gateway's plugin scope. Fastify 5 reports prototype
 * poisoning and broken JSON as the same error, and a client deserves to know which one it sent;
 * `secure-json-parse` (what Fastify itself uses) is kept, only the error is told apart.
 */
export function registerJsonBodyParser(scope: FastifyInstance, bodyLimit: number): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    // GET and DELETE carry no message; a client that still labels them JSON is not wrong.
    if (request.method !== 'POST' && (body as string).length === 0) return done(null, undefined);
    if (nestsDeeperThan(body as string)) return done(new BodyParseError(BodyErrorCode.tooDeep), undefined);
    try {
      done(null, secureJsonParse.parse(body as string, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const forbidden = error instanceof SyntaxError && /forbidden (prototype|constructor) property/.test(error.message);
      done(new BodyParseError(forbidden ? BodyErrorCode.forbiddenKey : BodyErrorCode.invalidJson), undefined);
    }
  });
}
