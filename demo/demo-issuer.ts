import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * The demo's OIDC issuer: a JWKS on loopback and RS256 tokens signed with a key made at start.
 * Wardgate verifies the tokens exactly as it would a real issuer's (issuer, audience, JWKS).
 */
export class DemoIssuer {
  private server: http.Server | undefined;
  private key: { kid: string; privateKey: CryptoKey; jwk: JWK } | undefined;
  port = 0;
  readonly audience = 'wardgate';

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks.json`;
  }

  async start(port = 0): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = 'demo-1';
    this.key = { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
    const jwks = JSON.stringify({ keys: [this.key.jwk] });
    this.server = http.createServer((req, res) => {
      if (req.url === '/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(jwks);
        return;
      }
      if (req.url === '/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: this.jwksUri, id_token_signing_alg_values_supported: ['RS256'] }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** A token for `sub` with `groups`, valid for `lifetime` (a jose duration, e.g. '8h'). */
  async token(sub: string, groups: string[], lifetime = '8h'): Promise<string> {
    if (!this.key) throw new Error('DemoIssuer not started');
    return new SignJWT({ groups, email: `${sub}@demo.wardgate.invalid` })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid })
      .setSubject(sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(this.key.privateKey);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
