'use strict';
// Bearer-token verification for the peers, from the runner's BENCH_AUTH settings (see
// lib/bench-auth.js), done the way their documentation leaves it to the application: a static
// token compared as @fastify/bearer-auth does (SHA-256 digests, timingSafeEqual), and a JWT
// verified with `jose` against the JWKS on every request (neither peer caches verified tokens).
// `jose` is the root's (a declared dependency of the gateway); the peers have none of their own.
//
// Env: BENCH_AUTH = static | jwt, BENCH_STATIC_TOKEN, BENCH_JWKS_URL, BENCH_JWT_ISSUER, BENCH_RESOURCE_URL.
const path = require('node:path');
const { createHash, timingSafeEqual } = require('node:crypto');
const { createRequire } = require('node:module');

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const sha256 = (value) => createHash('sha256').update(value, 'utf8').digest();

/** The token of an `Authorization: Bearer` header, or undefined. */
const bearerToken = (header) => BEARER.exec(header || '')?.[1];

/**
 * The peer's token check: `(token) => Promise<claims | undefined>`, or undefined when the run is
 * not authenticated. Claims carry `sub`, `scopes` and `exp` (seconds).
 */
function peerVerifier(env = process.env) {
  if (!env.BENCH_AUTH) return undefined;
  if (env.BENCH_AUTH === 'static') {
    const expected = sha256(env.BENCH_STATIC_TOKEN || '');
    return async (token) => (timingSafeEqual(sha256(token), expected) ? { sub: 'bench', scopes: [], exp: Math.floor(Date.now() / 1000) + 3600 } : undefined);
  }
  if (env.BENCH_AUTH !== 'jwt') throw new Error(`BENCH_AUTH must be static or jwt, got ${env.BENCH_AUTH}`);
  const { createRemoteJWKSet, jwtVerify } = createRequire(path.resolve(__dirname, '..', '..', 'package.json'))('jose');
  const jwks = createRemoteJWKSet(new URL(env.BENCH_JWKS_URL));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: env.BENCH_JWT_ISSUER, audience: env.BENCH_RESOURCE_URL });
      return { sub: payload.sub, scopes: typeof payload.scope === 'string' ? payload.scope.split(' ') : [], exp: payload.exp };
    } catch {
      return undefined;
    }
  };
}

/** A 401 with the RFC 6750 challenge, on a node:http response. */
function refuse(res) {
  res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'invalid token' }, id: null }));
}

module.exports = { bearerToken, peerVerifier, refuse };
