import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ConsoleSession } from './console-session.js';
import { guardSessionRequest } from './request-guard.js';

const session: ConsoleSession = { user: { subject: 'alice', groups: [] }, csrfToken: 'token-1', createdAt: 0, lastSeenAt: 0, absoluteExpiresAt: 1 };
const origin = 'https://wardgate.example.org';
const req = (method: string, headers: Record<string, string>): IncomingMessage => ({ method, headers }) as unknown as IncomingMessage;
const good = { origin, 'sec-fetch-site': 'same-origin', 'x-wardgate-csrf': 'token-1' };

describe('guardSessionRequest', () => {
  it('lets the console page through', () => {
    expect(() => guardSessionRequest(req('POST', good), session, origin)).not.toThrow();
    expect(() => guardSessionRequest(req('DELETE', good), session, origin)).not.toThrow();
    expect(() => guardSessionRequest(req('GET', { 'sec-fetch-site': 'same-origin' }), session, origin)).not.toThrow();
    // Old browsers send no fetch metadata; Origin and the token still decide.
    const { 'sec-fetch-site': _site, ...noMetadata } = good;
    expect(() => guardSessionRequest(req('POST', noMetadata), session, origin)).not.toThrow();
  });

  it.each([
    ['no CSRF header', { ...good, 'x-wardgate-csrf': '' }],
    ['a wrong CSRF token', { ...good, 'x-wardgate-csrf': 'token-2' }],
    ['a longer token with the right prefix', { ...good, 'x-wardgate-csrf': 'token-10' }],
    ['another origin', { ...good, origin: 'https://evil.example' }],
    ['a null origin', { ...good, origin: 'null' }],
    ['cross-site fetch metadata', { ...good, 'sec-fetch-site': 'cross-site' }],
    ['same-site (a sibling subdomain)', { ...good, 'sec-fetch-site': 'same-site' }],
    ['a user-typed navigation (none) that changes state', { ...good, 'sec-fetch-site': 'none' }],
  ])('refuses a state-changing call with %s', (_name, headers) => {
    expect(() => guardSessionRequest(req('POST', headers), session, origin)).toThrow(expect.objectContaining({ code: 'permission_denied' }));
  });

  it('refuses a POST without Origin', () => {
    const { origin: _o, ...headers } = good;
    expect(() => guardSessionRequest(req('POST', headers), session, origin)).toThrow('Origin header missing');
  });

  it('refuses even reads that fetch metadata marks cross-site', () => {
    expect(() => guardSessionRequest(req('GET', { 'sec-fetch-site': 'cross-site' }), session, origin)).toThrow('cross-site');
  });
});
