import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A local identity provider (real HTTP on 127.0.0.1): a JWKS endpoint whose keys can rotate or
 * go down, an RFC 7662 introspection endpoint, and a way to mint tokens with `jose`.
 */
export class FakeIdentityProvider {
  readonly issuer: string;
  private keys: SigningKey[] = [];
  /** The kids the JWKS endpoint publishes (every key but the retired ones). */
  private readonly published = new Set<string>();
  private jwksMode: 'up' | 'down' | 'stall' = 'up';
  jwksFetches = 0;
  introspections = 0;
  introspectionMode: 'up' | 'down' = 'up';
  /** Opaque tokens the introspection endpoint knows, with their claims. */
  readonly opaque = new Map<string, Record<string, unknown>>();
  private readonly arrivals = new EventEmitter();
  private held: Array<() => void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {
    this.issuer = `${origin}/issuer`;
  }

  static async start(): Promise<FakeIdentityProvider> {
    // The handler runs only once a request arrives, after `provider` is assigned below.
    const server = createServer((req, res) => provider.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const provider = new FakeIdentityProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await provider.rotate();
    return provider;
  }

  get jwksUrl(): string {
    return `${this.origin}/jwks.json`;
  }

  get introspectionUrl(): string {
    return `${this.origin}/introspect`;
  }

  /** A new signing key, published alongside the old ones; returns its kid. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `key-${this.keys.length + 1}`;
    this.keys.push({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } });
    this.published.add(kid);
    return kid;
  }

  /**
   * Takes a key out of the published JWKS (a compromised key, say); tokens signed with it can
   * still be minted, and verify only where the key set is not fetched again.
   */
  retire(kid: string): void {
    this.published.delete(kid);
  }

  setJwks(mode: 'up' | 'down' | 'stall'): void {
    this.jwksMode = mode;
  }

  /** The public key of the newest signing key, as a JWK (for the HS/RS confusion attempt). */
  get currentPublicJwk(): JWK {
    return this.keys[this.keys.length - 1].publicJwk;
  }

  async mint(claims: Record<string, unknown>, options: { audience: string; expiresIn?: string | number; kid?: string; issuer?: string }): Promise<string> {
    const key = options.kid ? this.keys.find((candidate) => candidate.kid === options.kid)! : this.keys[this.keys.length - 1];
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(key.privateKey);
  }

  /** Introspection answers wait until the returned function is called (to hold calls in flight). */
  holdIntrospections(): () => void {
    this.held = [];
    return () => {
      const held = this.held ?? [];
      this.held = undefined;
      for (const answer of held) answer();
    };
  }

  /** Resolves once `count` introspection requests have arrived in all (counting from start). */
  async introspectionsReached(count: number): Promise<void> {
    while (this.introspections < count) await once(this.arrivals, 'introspection');
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    if (req.url === '/jwks.json') {
      this.jwksFetches++;
      if (this.jwksMode === 'stall') return;
      if (this.jwksMode === 'down') return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.filter((key) => this.published.has(key.kid)).map((key) => key.publicJwk) }));
      return;
    }
    if (req.url === '/introspect' && req.method === 'POST') {
      this.introspections++;
      this.arrivals.emit('introspection');
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => (this.held ? this.held.push(() => this.answerIntrospection(req, res, body)) : this.answerIntrospection(req, res, body)));
      return;
    }
    res.writeHead(404).end();
  }

  private answerIntrospection(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: string): void {
    if (this.introspectionMode === 'down') return void res.writeHead(502).end();
    if (req.headers.authorization !== `Basic ${Buffer.from('skillnest:client-secret').toString('base64')}`) return void res.writeHead(401).end();
    const token = new URLSearchParams(body).get('token') ?? '';
    const claims = this.opaque.get(token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(claims ? { active: true, ...claims } : { active: false }));
  }
}
