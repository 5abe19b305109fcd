import { describe, expect, it } from 'vitest';
import { toAccessRequest } from './check-request.js';
import type { CheckRequest__Output } from './generated/envoy/service/auth/v3/CheckRequest.js';

function check(http: Record<string, unknown>, extra: Record<string, unknown> = {}): CheckRequest__Output {
  return {
    attributes: {
      source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', address: { socket_address: { address: '10.0.0.7', port_value: 5555 } } },
      destination: { principal: '', address: null },
      request: { time: null, http: { id: 'req-1', method: 'POST', headers: {}, header_map: null, path: '/sql?x=1', host: 'DB.Example:8080', scheme: 'http', query: '', fragment: '', size: '0', protocol: 'HTTP/1.1', body: '', raw_body: Buffer.alloc(0), ...http } },
      context_extensions: {},
      metadata_context: null,
      tls_session: null,
      route_metadata_context: null,
      ...extra,
    },
  } as unknown as CheckRequest__Output;
}

describe('toAccessRequest', () => {
  it('keeps an opaque request id and replaces one that is not (it may hold PHI)', () => {
    const uuid = '3f2b8c1e-9a4d-4e6f-8b2a-c1d2e3f4a5b6';
    expect(toAccessRequest(check({ headers: { 'x-request-id': uuid } }), { jwtAuthnPayloadKey: 'jwt_payload', now: 5 }).requestId).toBe(uuid);
    const planted = toAccessRequest(check({ headers: { 'x-request-id': 'Jane Testperson 078-05-1120' } }), { jwtAuthnPayloadKey: 'jwt_payload', now: 5 });
    expect(planted.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const keyed = toAccessRequest(check({ headers: { 'x-request-id': 'req-1' } }), { jwtAuthnPayloadKey: 'jwt_payload', now: 5, correlationIdOf: (raw) => `h:${raw.length}` });
    expect(keyed.requestId).toBe('h:5');
  });

  it('maps peer, method, authority, path and query', () => {
    const r = toAccessRequest(check({ id: '0b1c2d3e4f5a6b7c' }), { jwtAuthnPayloadKey: 'jwt_payload', now: 5 });
    expect(r).toMatchObject({
      requestId: '0b1c2d3e4f5a6b7c',
      receivedAt: 5,
      source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', address: '10.0.0.7:5555' },
      http: { method: 'POST', authority: 'db.example:8080', path: '/sql', query: 'x=1' },
    });
    expect(r.http.body).toBeUndefined();
  });

  it.each([
    ['raw_body (pack_as_bytes)', { raw_body: Buffer.from([0xff, 0x00, 0x41]) }, Buffer.from([0xff, 0x00, 0x41])],
    ['body (utf-8)', { body: 'SELECT 1' }, Buffer.from('SELECT 1')],
  ])('takes the body from %s', (_name, http, expected) => {
    const r = toAccessRequest(check(http), { jwtAuthnPayloadKey: 'jwt_payload', now: 0 });
    expect(r.http.body?.bytes.equals(expected)).toBe(true);
  });

  it('flags partial bodies and reads header_map with raw_value', () => {
    const r = toAccessRequest(
      check({
        body: 'SELECT',
        header_map: { headers: [
          { key: 'x-envoy-auth-partial-body', value: '', raw_value: Buffer.from('true') },
          { key: 'Content-Type', value: 'application/sql', raw_value: Buffer.alloc(0) },
        ] },
      }),
      { jwtAuthnPayloadKey: 'jwt_payload', now: 0 },
    );
    expect(r.http.body).toMatchObject({ partial: true, contentType: 'application/sql' });
  });

  it('takes verified claims from jwt_authn metadata', () => {
    const r = toAccessRequest(
      check({}, {
        metadata_context: {
          filter_metadata: {
            'envoy.filters.http.jwt_authn': {
              fields: { jwt_payload: { kind: 'structValue', structValue: { fields: { sub: { kind: 'stringValue', stringValue: 'alice' } } } } },
            },
          },
          typed_filter_metadata: {},
        },
      }),
      { jwtAuthnPayloadKey: 'jwt_payload', now: 0 },
    );
    expect(r.verifiedJwtClaims).toEqual({ sub: 'alice' });
  });

  it('survives an empty CheckRequest', () => {
    const r = toAccessRequest({ attributes: null }, { jwtAuthnPayloadKey: 'jwt_payload', now: 0 });
    expect(r.http).toMatchObject({ method: 'GET', path: '/', authority: '' });
    expect(r.requestId).toMatch(/[0-9a-f-]{36}/);
  });
});
