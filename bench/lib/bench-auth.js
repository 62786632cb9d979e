'use strict';
// The identity side of the authenticated scenarios: a local JWKS (RS256 and ES256 keys) served by
// the runner on 127.0.0.1 (the runner's core, not the server's), tokens minted with `jose`, and a
// static token. A server verifies a JWT against this JWKS exactly as against an enterprise
// identity provider; it fetches the key set once and caches it, so the JWKS costs nothing during
// a run. `jose` comes from the root's node_modules (a declared dependency of the gateway).
const http = require('node:http');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { createRequire } = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..');
const jose = () => createRequire(path.join(ROOT, 'package.json'))('jose');

/** The resource URL every authenticated server is configured with, and every token's audience (a proxy's public URL, as in production). */
const RESOURCE_URL = 'https://mcp.bench.example/mcp';
/** The claims of every bench token: one subject, one scope. */
const CLAIMS = { sub: 'bench-client', scope: 'bench:call', client_id: 'bench-client' };

/** The auth variants of a scenario row: `none`, `static`, `jwt-rs256`, `jwt-es256`. */
const AUTH_KINDS = ['none', 'static', 'jwt-rs256', 'jwt-es256'];

class BenchIdentity {
  constructor(server, origin, keys) {
    this.server = server;
    this.origin = origin;
    this.keys = keys;
    this.issuer = `${origin}/issuer`;
    this.jwksUrl = `${origin}/jwks.json`;
    this.jwksFetches = 0;
    // A fresh static token per run: nothing secret is committed, and no run reuses another's.
    this.staticToken = `bench-${randomBytes(24).toString('base64url')}`;
    this.tokens = new Map();
  }

  /** Starts the JWKS endpoint with one RS256 and one ES256 key, and mints a token with each. */
  static async start() {
    const { exportJWK, generateKeyPair } = jose();
    const keys = {};
    for (const alg of ['RS256', 'ES256']) {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const kid = `bench-${alg.toLowerCase()}`;
      keys[alg] = { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
    }
    let identity;
    const server = http.createServer((req, res) => identity.handle(req, res));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    identity = new BenchIdentity(server, `http://127.0.0.1:${server.address().port}`, keys);
    for (const alg of Object.keys(keys)) identity.tokens.set(alg, await identity.mint(alg));
    return identity;
  }

  async mint(alg) {
    const { SignJWT } = jose();
    const key = this.keys[alg];
    // An hour: longer than any run, so no token expires mid-measurement.
    return new SignJWT(CLAIMS)
      .setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(RESOURCE_URL)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
  }

  handle(req, res) {
    if (req.method === 'GET' && req.url === '/jwks.json') {
      this.jwksFetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: Object.values(this.keys).map((key) => key.publicJwk) }));
      return;
    }
    res.writeHead(404).end();
  }

  /** The `Authorization` header value of an auth kind, or undefined for `none`. */
  bearer(kind) {
    if (kind === 'none') return undefined;
    if (kind === 'static') return `Bearer ${this.staticToken}`;
    const alg = { 'jwt-rs256': 'RS256', 'jwt-es256': 'ES256' }[kind];
    if (!alg) throw new Error(`unknown auth kind ${kind}`);
    return `Bearer ${this.tokens.get(alg)}`;
  }

  /**
   * The environment a server entry reads its auth settings from (the same names for every entry:
   * Skillnest maps them onto its options, the peers onto their own verification). A server is
   * configured for one kind only, so that a row measures exactly one verifier.
   */
  serverEnv(kind) {
    if (kind === 'none') return {};
    if (kind === 'static') return { BENCH_AUTH: 'static', BENCH_STATIC_TOKEN: this.staticToken, BENCH_RESOURCE_URL: RESOURCE_URL };
    return { BENCH_AUTH: 'jwt', BENCH_JWKS_URL: this.jwksUrl, BENCH_JWT_ISSUER: this.issuer, BENCH_RESOURCE_URL: RESOURCE_URL };
  }

  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/** Adds the auth kind's bearer header to a request built by `wire.buildRequest`. */
function withBearer(request, identity, kind) {
  const value = identity && identity.bearer(kind);
  return value ? { ...request, headers: { ...request.headers, authorization: value } } : request;
}

module.exports = { AUTH_KINDS, BenchIdentity, RESOURCE_URL, withBearer };
