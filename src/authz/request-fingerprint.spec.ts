import { describe, expect, it } from 'vitest';
import type { AccessRequest } from './access-request.js';
import { requestFingerprint } from './request-fingerprint.js';

function req(over: Partial<AccessRequest['http']> = {}): AccessRequest {
  return {
    requestId: 'r', receivedAt: 0, source: {}, destination: {},
    http: { method: 'POST', scheme: 'http', authority: 'db:8080', path: '/sql', query: '', headers: {}, body: { bytes: Buffer.from('DELETE FROM t'), partial: false }, ...over },
  };
}

describe('requestFingerprint', () => {
  const subject = { user: 'alice', agent: 'spiffe://x/ns/a/sa/b' };
  it('is stable for the same request and subject, whatever the request id or port', () => {
    expect(requestFingerprint(req(), subject)).toBe(requestFingerprint({ ...req({ authority: 'db' }), requestId: 'other' }, subject));
  });
  it.each([
    ['body', req({ body: { bytes: Buffer.from('DELETE FROM u'), partial: false } }), subject],
    ['path', req({ path: '/sql2' }), subject],
    ['query', req({ query: 'a=1' }), subject],
    ['method', req({ method: 'PUT' }), subject],
    ['user', req(), { ...subject, user: 'bob' }],
    ['agent', req(), { ...subject, agent: 'spiffe://x/ns/a/sa/c' }],
  ])('changes with the %s', (_name, other, otherSubject) => {
    expect(requestFingerprint(other, otherSubject)).not.toBe(requestFingerprint(req(), subject));
  });
});
