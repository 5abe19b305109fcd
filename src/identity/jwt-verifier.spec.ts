import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { ManualClock } from '../clock/clock.js';
import { WardgateError } from '../errors/wardgate-error.js';
import { createJwtVerifier, type JwtVerifierOptions } from './jwt-verifier.js';

const issuer = 'https://idp.test/realms/clinic';
const audience = 'wardgate';

interface KeyMaterial {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function makeKey(kid: string, alg = 'RS256'): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/** A JWKS endpoint on 127.0.0.1:0 serving whatever `keys` holds, counting hits. */
class JwksServer {
  keys: JWK[] = [];
  hits = 0;
  hang = false;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.hits += 1;
      if (this.hang) return; // never answers: the verifier's timeout must fire
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('createJwtVerifier', () => {
  const jwks = new JwksServer();
  let rsa: KeyMaterial;
  let ec: KeyMaterial;
  let clock: ManualClock;
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  beforeAll(async () => {
    await jwks.start();
    rsa = await makeKey('rsa-1', 'RS256');
    ec = await makeKey('ec-1', 'ES256');
  });
  afterAll(async () => {
    await jwks.stop();
  });
  afterEach(() => {
    jwks.keys = [rsa.publicJwk, ec.publicJwk];
    jwks.hang = false;
  });

  function verifier(overrides: Partial<JwtVerifierOptions> = {}) {
    jwks.keys = jwks.keys.length > 0 ? jwks.keys : [rsa.publicJwk, ec.publicJwk];
    jwks.hits = 0;
    clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock(Date.UTC(2026, 2, 1, 12));
    return createJwtVerifier({
      issuers: [{ issuer, jwksUri: jwks.url, audiences: [audience, 'other-aud'] }],
      groupsClaim: 'groups',
      clockSkewMs: 60_000,
      jwksCacheMs: 600_000,
      jwksCooldownMs: 10_000,
      timeoutMs: 1_000,
      ...overrides,
      clock,
    });
  }

  function sign(key: KeyMaterial, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
    const now = nowSeconds();
    return new SignJWT({ groups: ['clinicians'], email: 'dr@example.test', ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
      .setIssuer((claims['iss'] as string | undefined) ?? issuer)
      .setAudience((claims['aud'] as string | undefined) ?? audience)
      .setSubject('user-123')
      .setIssuedAt(now)
      .setExpirationTime((claims['exp'] as number | undefined) ?? now + 300)
      .sign(key.privateKey);
  }

  it('verifies a valid RS256 token and maps the user', async () => {
    const v = verifier();
    const result = await v.verify(await sign(rsa));
    expect(result).toMatchObject({
      user: { subject: 'user-123', issuer, email: 'dr@example.test', groups: ['clinicians'], source: 'jwt' },
    });
  });

  it('verifies an ES256 token and reads groups from a dotted claim path', async () => {
    const v = verifier({ groupsClaim: 'realm_access.roles' });
    const result = await v.verify(await sign(ec, { realm_access: { roles: ['phi-approvers', 7] } }));
    expect('user' in result && result.user.groups).toEqual(['phi-approvers']);
  });

  it('fetches the JWKS once and caches it', async () => {
    const v = verifier();
    for (let i = 0; i < 5; i += 1) expect(await v.verify(await sign(rsa))).toHaveProperty('user');
    expect(jwks.hits).toBe(1);
  });

  it('tells onJwksFetch the outcome of every fetch, by issuer index (the JWKS health metrics)', async () => {
    const outcomes: Array<[number, boolean]> = [];
    const v = verifier({ onJwksFetch: (index, ok) => outcomes.push([index, ok]) });
    expect(await v.verify(await sign(rsa))).toHaveProperty('user');
    expect(outcomes).toEqual([[0, true]]);
    jwks.hang = true;
    const failing = verifier({ timeoutMs: 100, onJwksFetch: (index, ok) => outcomes.push([index, ok]) });
    expect(await failing.verify(await sign(rsa))).toEqual({ problem: 'jwks_unavailable' });
    expect(outcomes).toEqual([[0, true], [0, false]]);
  });

  const timeCases: Array<{ name: string; claims: (now: number) => Record<string, unknown>; expected: string }> = [
    { name: 'expired', claims: (now) => ({ exp: now - 120 }), expected: 'expired' },
    { name: 'expired within skew', claims: (now) => ({ exp: now - 30 }), expected: 'ok' },
    { name: 'nbf in the future', claims: (now) => ({ nbf: now + 600 }), expected: 'not_yet_valid' },
    { name: 'nbf within skew', claims: (now) => ({ nbf: now + 30 }), expected: 'ok' },
  ];
  it.each(timeCases)('time claims: $name', async ({ claims, expected }) => {
    const v = verifier();
    const result = await v.verify(await sign(rsa, claims(nowSeconds())));
    expect('user' in result ? 'ok' : result.problem).toBe(expected);
  });

  it('rejects a wrong audience and an unknown issuer', async () => {
    const v = verifier();
    expect(await v.verify(await sign(rsa, { aud: 'someone-else' }))).toEqual({ problem: 'wrong_audience' });
    expect(await v.verify(await sign(rsa, { iss: 'https://evil.test' }))).toEqual({ problem: 'wrong_issuer' });
    expect(jwks.hits).toBe(1);
  });

  it('reports an unknown kid without refetching on every request', async () => {
    const v = verifier();
    const stranger = await makeKey('nobody-knows-me');
    expect(await v.verify(await sign(rsa))).toHaveProperty('user');
    expect(jwks.hits).toBe(1);
    for (let i = 0; i < 5; i += 1) expect(await v.verify(await sign(stranger))).toEqual({ problem: 'unknown_key' });
    expect(jwks.hits).toBe(1); // still inside the cooldown after the first fetch
    clock.advance(10_001);
    expect(await v.verify(await sign(stranger))).toEqual({ problem: 'unknown_key' });
    expect(await v.verify(await sign(stranger))).toEqual({ problem: 'unknown_key' });
    expect(jwks.hits).toBe(2);
  });

  it('follows key rotation: a token with the new kid verifies once the endpoint serves it', async () => {
    const v = verifier();
    expect(await v.verify(await sign(rsa))).toHaveProperty('user');
    const rotated = await makeKey('rsa-2');
    jwks.keys = [rotated.publicJwk];
    clock.advance(10_001);
    expect(await v.verify(await sign(rotated))).toHaveProperty('user');
    expect(jwks.hits).toBe(2);
    // The old key is gone from the endpoint and from our cache.
    clock.advance(10_001);
    expect(await v.verify(await sign(rsa))).toEqual({ problem: 'unknown_key' });
  });

  it('refuses alg none', async () => {
    const v = verifier();
    const now = nowSeconds();
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'rsa-1' }));
    const payload = base64url.encode(JSON.stringify({ iss: issuer, aud: audience, sub: 'admin', exp: now + 300 }));
    expect(await v.verify(`${header}.${payload}.`)).toEqual({ problem: 'unsupported_algorithm' });
    expect(await v.verify(`${header}.${payload}`)).toEqual({ problem: 'malformed' });
  });

  it('refuses an HS256 token signed with the public key bytes (key confusion)', async () => {
    const v = verifier();
    const now = nowSeconds();
    const header = base64url.encode(JSON.stringify({ alg: 'HS256', kid: 'rsa-1' }));
    const payload = base64url.encode(JSON.stringify({ iss: issuer, aud: audience, sub: 'admin', exp: now + 300 }));
    const secret = Buffer.from(JSON.stringify(rsa.publicJwk));
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(await v.verify(`${header}.${payload}.${signature}`)).toEqual({ problem: 'unsupported_algorithm' });
  });

  it('rejects a token signed by another key that claims a known kid', async () => {
    const v = verifier();
    const impostor = await makeKey('rsa-1');
    expect(await v.verify(await sign(impostor))).toEqual({ problem: 'bad_signature' });
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const v = verifier();
    const [h, , s] = (await sign(rsa)).split('.');
    const forged = base64url.encode(JSON.stringify({ iss: issuer, aud: audience, sub: 'admin', exp: nowSeconds() + 300 }));
    expect(await v.verify(`${h}.${forged}.${s}`)).toEqual({ problem: 'bad_signature' });
  });

  it('requires a subject', async () => {
    const v = verifier();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(nowSeconds() + 60)
      .sign(rsa.privateKey);
    expect(await v.verify(token)).toEqual({ problem: 'malformed' });
  });

  const garbage = ['', 'abc', 'a.b.c', '...', 'Bearer x', '\u0000\u0001', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln', 'x'.repeat(100_000)];
  it.each(garbage.map((token) => ({ token, label: token.slice(0, 20) })))('never throws on garbage: $label', async ({ token }) => {
    const v = verifier();
    expect(await v.verify(token)).toEqual({ problem: 'malformed' });
    expect(jwks.hits).toBe(0);
  });

  it('reports jwks_unavailable quickly when the endpoint is down', async () => {
    const down = new JwksServer();
    await down.start();
    const url = down.url;
    await down.stop();
    const v = createJwtVerifier({
      issuers: [{ issuer, jwksUri: url, audiences: [audience] }],
      groupsClaim: 'groups',
      clockSkewMs: 0,
      jwksCacheMs: 60_000,
      timeoutMs: 2_000,
      clock: new ManualClock(),
    });
    clock = new ManualClock();
    const started = performance.now();
    expect(await v.verify(await sign(rsa))).toEqual({ problem: 'jwks_unavailable' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('times out a JWKS endpoint that never answers, then fails fast during the cooldown', async () => {
    jwks.hang = true;
    const v = verifier({ timeoutMs: 200 });
    const started = performance.now();
    expect(await v.verify(await sign(rsa))).toEqual({ problem: 'jwks_unavailable' });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1_500);
    const second = performance.now();
    expect(await v.verify(await sign(rsa))).toEqual({ problem: 'jwks_unavailable' });
    expect(performance.now() - second).toBeLessThan(100);
    expect(jwks.hits).toBe(1);
  });

  it('keeps known keys when a refresh fails', async () => {
    const v = verifier({ jwksCacheMs: 1_000 });
    expect(await v.verify(await sign(rsa))).toHaveProperty('user');
    jwks.hang = true;
    clock.advance(10_001);
    expect(await v.verify(await sign(rsa, { exp: nowSeconds() + 300 }))).toHaveProperty('user');
    expect(jwks.hits).toBe(2);
  });

  const badOptions: Array<{ name: string; options: Partial<JwtVerifierOptions> }> = [
    { name: 'alg none', options: { algorithms: ['none'] } },
    { name: 'HS256', options: { algorithms: ['RS256', 'HS256'] } },
    { name: 'no algorithms', options: { algorithms: [] } },
    { name: 'skew over 5 minutes', options: { clockSkewMs: 5 * 60_000 + 1 } },
    { name: 'issuer without audience', options: { issuers: [{ issuer, jwksUri: 'http://127.0.0.1:1/', audiences: [] }] } },
  ];
  it.each(badOptions)('refuses unsafe options: $name', ({ options }) => {
    expect(() => verifier(options)).toThrow(WardgateError);
  });
  describe('verified-token cache', () => {
    // Every signature check jose makes goes through WebCrypto's verify.
    let signatureChecks: MockInstance<typeof globalThis.crypto.subtle.verify>;
    beforeEach(() => {
      signatureChecks = vi.spyOn(globalThis.crypto.subtle, 'verify');
    });
    afterEach(() => {
      signatureChecks.mockRestore();
    });

    it('checks the signature of a token once, then accepts it from the cache', async () => {
      const v = verifier();
      const token = await sign(rsa);
      for (let i = 0; i < 5; i += 1) expect(await v.verify(token)).toMatchObject({ user: { subject: 'user-123', groups: ['clinicians'] } });
      expect(signatureChecks).toHaveBeenCalledTimes(1);
      // A different token is verified on its own.
      expect(await v.verify(await sign(rsa, { email: 'other@example.test' }))).toHaveProperty('user');
      expect(signatureChecks).toHaveBeenCalledTimes(2);
    });

    it('refuses a cached token once it expires (skew respected, as jose does)', async () => {
      const v = verifier();
      const token = await sign(rsa, { exp: nowSeconds() + 10 });
      expect(await v.verify(token)).toHaveProperty('user');
      clock.advance(69_000); // exp + 59 s: still inside the 60 s skew
      expect(await v.verify(token)).toHaveProperty('user');
      expect(signatureChecks).toHaveBeenCalledTimes(1);
      clock.advance(1_000); // exp + 60 s: jose's `exp <= now - tolerance`
      expect(await v.verify(token)).toEqual({ problem: 'expired' });
      expect(await v.verify(token)).toEqual({ problem: 'expired' });
    });

    it('refuses a cached token when the clock goes back before its nbf (beyond the skew)', async () => {
      const v = verifier();
      const token = await sign(rsa, { nbf: nowSeconds() });
      expect(await v.verify(token)).toHaveProperty('user');
      clock.set(clock.now() - 61_000);
      expect(await v.verify(token)).toEqual({ problem: 'not_yet_valid' });
    });

    it('refuses a cached token once its key leaves the JWKS (noticed at the next refresh)', async () => {
      const v = verifier();
      const token = await sign(rsa);
      expect(await v.verify(token)).toHaveProperty('user');
      jwks.keys = [ec.publicJwk]; // rsa-1 revoked at the IdP
      clock.advance(600_000); // the key set is due for a refresh
      expect(await v.verify(token)).toEqual({ problem: 'unknown_key' });
      expect(jwks.hits).toBe(2);
    });

    it('refuses a cached token as soon as another token makes the key set rotate', async () => {
      const v = verifier();
      const token = await sign(rsa);
      expect(await v.verify(token)).toHaveProperty('user');
      const rotated = await makeKey('rsa-2');
      jwks.keys = [rotated.publicJwk];
      clock.advance(10_001); // past the cooldown, well before the key set would expire
      expect(await v.verify(await sign(rotated))).toHaveProperty('user'); // unknown kid: refetch
      expect(await v.verify(token)).toEqual({ problem: 'unknown_key' });
    });

    it('keeps a cached token through a refresh that brings the same keys', async () => {
      const v = verifier();
      const token = await sign(rsa, { exp: nowSeconds() + 3600 });
      expect(await v.verify(token)).toHaveProperty('user');
      clock.advance(600_000);
      expect(await v.verify(token)).toHaveProperty('user'); // stale: verified again, refetched
      expect(await v.verify(token)).toHaveProperty('user');
      expect(jwks.hits).toBe(2);
      expect(signatureChecks).toHaveBeenCalledTimes(2);
    });

    it('does not remember failures: a bad signature is checked (and refused) every time', async () => {
      const v = verifier();
      const [h, p] = (await sign(rsa)).split('.');
      const forged = `${h}.${p}.${base64url.encode(new Uint8Array(256))}`;
      for (let i = 0; i < 3; i += 1) expect(await v.verify(forged)).toEqual({ problem: 'bad_signature' });
      expect(signatureChecks).toHaveBeenCalledTimes(3);
    });

    it('is bounded: the least recently used token is verified again', async () => {
      const v = verifier({ verifiedTokenCacheSize: 2 });
      const [a, b, c] = await Promise.all([sign(rsa, { email: 'a@x.test' }), sign(rsa, { email: 'b@x.test' }), sign(rsa, { email: 'c@x.test' })]);
      for (const token of [a, b, a, c]) expect(await v.verify(token)).toHaveProperty('user'); // c evicts b
      expect(signatureChecks).toHaveBeenCalledTimes(3);
      expect(await v.verify(a)).toHaveProperty('user');
      expect(signatureChecks).toHaveBeenCalledTimes(3);
      expect(await v.verify(b)).toHaveProperty('user');
      expect(signatureChecks).toHaveBeenCalledTimes(4);
    });

    it('can be turned off', async () => {
      const v = verifier({ verifiedTokenCacheSize: 0 });
      const token = await sign(rsa);
      for (let i = 0; i < 3; i += 1) expect(await v.verify(token)).toHaveProperty('user');
      expect(signatureChecks).toHaveBeenCalledTimes(3);
    });

    it('hands out a frozen user, so one request cannot change what the next one sees', async () => {
      const v = verifier();
      const token = await sign(rsa);
      await v.verify(token);
      const again = await v.verify(token);
      expect('user' in again && Object.isFrozen(again.user)).toBe(true);
    });
  });
});
