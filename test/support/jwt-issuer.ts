import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** A local OIDC issuer: serves a JWKS on loopback and mints tokens with keys made at test time. */
export class TestIssuer {
  private server: http.Server | undefined;
  private keys: Array<{ kid: string; privateKey: CryptoKey; jwk: JWK }> = [];
  port = 0;
  readonly audience = 'wardgate';

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks.json`;
  }

  async start(): Promise<this> {
    await this.addKey('k1');
    this.server = http.createServer((req, res) => {
      if (req.url === '/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async addKey(kid: string): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    this.keys.push({ kid, privateKey, jwk });
  }

  async token(claims: { sub: string; groups?: string[]; email?: string; extra?: Record<string, unknown> }, options: { expiresIn?: string } = {}): Promise<string> {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('no key');
    return new SignJWT({ ...claims.extra, groups: claims.groups ?? [], email: claims.email })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setSubject(claims.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '10m')
      .sign(key.privateKey);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
