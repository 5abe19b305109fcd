import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../authz/access-request.js';
import { verifyAdminToken } from './admin-token.js';
import { extractBearerToken } from './bearer-token.js';
import { createIdentityResolver } from './identity-resolver.js';
import type { JwtVerifier } from './jwt-verifier.js';

function request(headers: Record<string, string>, extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    requestId: 'r1',
    receivedAt: 0,
    source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder' },
    destination: {},
    http: { method: 'GET', scheme: 'https', authority: 'fhir', path: '/Patient', query: '', headers },
    ...extra,
  };
}

/** A verifier that accepts only the token "good" and records what it was given. */
function fakeVerifier(seen: string[]): JwtVerifier {
  return {
    verify(token) {
      seen.push(token);
      return Promise.resolve(
        token === 'good'
          ? { user: { subject: 'u1', issuer: 'iss', groups: ['clinicians'], source: 'jwt' as const }, claims: {} }
          : { problem: 'bad_signature' as const },
      );
    },
  };
}

describe('createIdentityResolver', () => {
  it('parses the agent and strips the Bearer prefix', async () => {
    const seen: string[] = [];
    const resolver = createIdentityResolver({ verifier: fakeVerifier(seen) });
    const identity = await resolver.resolve(request({ authorization: 'Bearer good' }));
    expect(seen).toEqual(['good']);
    expect(identity.agent).toMatchObject({ namespace: 'agents', serviceAccount: 'coder' });
    expect(identity.user?.subject).toBe('u1');
    expect(identity.userProblem).toBeUndefined();
  });

  const cases: Array<{ name: string; headers: Record<string, string>; problem: string }> = [
    { name: 'missing header', headers: {}, problem: 'missing' },
    { name: 'empty bearer', headers: { authorization: 'Bearer   ' }, problem: 'missing' },
    { name: 'bad token', headers: { authorization: 'bearer nope' }, problem: 'bad_signature' },
  ];
  it.each(cases)('reports $name', async ({ headers, problem }) => {
    const resolver = createIdentityResolver({ verifier: fakeVerifier([]) });
    const identity = await resolver.resolve(request(headers));
    expect(identity.user).toBeUndefined();
    expect(identity.userProblem).toBe(problem);
  });

  it('reads a custom token header without a prefix', async () => {
    const seen: string[] = [];
    const resolver = createIdentityResolver({ verifier: fakeVerifier(seen), tokenHeader: 'X-User-Token' });
    const identity = await resolver.resolve(request({ 'x-user-token': 'good', authorization: 'Bearer other' }));
    expect(seen).toEqual(['good']);
    expect(identity.user?.subject).toBe('u1');
  });

  it('trusts claims verified by Envoy jwt_authn only when told to', async () => {
    const claims = { sub: 'u2', iss: 'https://idp', realm_access: { roles: ['phi-approvers'] } };
    const trusting = createIdentityResolver({ verifier: fakeVerifier([]), trustEnvoyJwtAuthn: true, groupsClaim: 'realm_access.roles' });
    const identity = await trusting.resolve(request({}, { verifiedJwtClaims: claims }));
    expect(identity.user).toEqual({ subject: 'u2', issuer: 'https://idp', groups: ['phi-approvers'], source: 'envoy_jwt_authn' });

    const distrusting = createIdentityResolver({ verifier: fakeVerifier([]) });
    expect((await distrusting.resolve(request({}, { verifiedJwtClaims: claims }))).userProblem).toBe('missing');
    expect((await trusting.resolve(request({}, { verifiedJwtClaims: { iss: 'x' } }))).userProblem).toBe('malformed');
  });

  it('without a verifier, a token cannot be trusted', async () => {
    const resolver = createIdentityResolver({});
    const identity = await resolver.resolve(request({ authorization: 'Bearer good' }, { source: {} }));
    expect(identity).toEqual({ userProblem: 'wrong_issuer' });
  });
});

describe('extractBearerToken', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['Bearer abc', 'abc'],
    ['BEARER   abc ', 'abc'],
    ['abc', 'abc'],
    ['Bearerabc', 'Bearerabc'],
  ])('%s -> %s', (input, expected) => {
    expect(extractBearerToken(input)).toBe(expected);
  });
});

describe('verifyAdminToken', () => {
  it('maps missing/invalid tokens to 401 and wrong groups to 403', async () => {
    const verifier = fakeVerifier([]);
    expect(await verifyAdminToken(verifier, undefined, ['admins'])).toEqual({ ok: false, status: 401, problem: 'missing' });
    expect(await verifyAdminToken(verifier, 'Bearer bad', ['admins'])).toEqual({ ok: false, status: 401, problem: 'bad_signature' });
    expect(await verifyAdminToken(verifier, 'Bearer good', ['admins'])).toEqual({ ok: false, status: 403, problem: 'not_in_admin_group' });
    expect(await verifyAdminToken(verifier, 'Bearer good', ['clinicians'])).toMatchObject({ ok: true, user: { subject: 'u1' } });
  });
});
