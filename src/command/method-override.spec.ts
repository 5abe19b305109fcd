import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../authz/access-request.js';
import { methodOverrides, methodOverridesInBody } from './method-override.js';

function request(method: string, options: { headers?: Record<string, string>; query?: string; body?: string; contentType?: string } = {}): AccessRequest {
  const http: AccessRequest['http'] = { method, scheme: 'https', authority: 'api', path: '/x', query: options.query ?? '', headers: options.headers ?? {} };
  if (options.body !== undefined) http.body = { bytes: Buffer.from(options.body), partial: false, ...(options.contentType ? { contentType: options.contentType } : {}) };
  return { requestId: 'r', receivedAt: 0, source: {}, destination: {}, http };
}

describe('methodOverrides', () => {
  it.each<[string, AccessRequest, string[]]>([
    ['no override', request('GET'), []],
    ['X-HTTP-Method-Override', request('GET', { headers: { 'x-http-method-override': 'delete' } }), ['DELETE']],
    ['X-HTTP-Method', request('POST', { headers: { 'x-http-method': 'PUT' } }), ['PUT']],
    ['X-Method-Override', request('POST', { headers: { 'x-method-override': 'PATCH' } }), ['PATCH']],
    ['repeated headers joined by Envoy', request('GET', { headers: { 'x-http-method-override': 'GET, DELETE' } }), ['DELETE']],
    ['the method itself', request('GET', { headers: { 'x-http-method-override': 'get' } }), []],
    ['?_method=', request('GET', { query: 'a=1&_method=DELETE' }), ['DELETE']],
    ['?_METHOD=', request('GET', { query: '_METHOD=put' }), ['PUT']],
    ['form _method', request('POST', { body: 'name=x&_method=DELETE', contentType: 'application/x-www-form-urlencoded' }), ['DELETE']],
    ['JSON _method', request('POST', { body: '{"_method":"DELETE","a":1}', contentType: 'application/json' }), ['DELETE']],
    ['_method nested in JSON is data', request('POST', { body: '{"a":{"_method":"DELETE"}}', contentType: 'application/json' }), []],
    ['_method in a text body is data', request('POST', { body: 'see _method docs', contentType: 'text/plain' }), []],
  ])('%s', (_name, req, expected) => {
    expect(methodOverrides(req, req.http.body?.bytes.toString('utf8'))).toEqual(expected);
  });
});

describe('methodOverridesInBody', () => {
  it.each<[string, AccessRequest, string[]]>([
    ['a form field in another case', request('POST', { body: 'a=1&_Method=DELETE', contentType: 'application/x-www-form-urlencoded' }), ['DELETE']],
    ['JSON', request('POST', { body: '{"snake_case":1,"_method":"PUT"}', contentType: 'application/json' }), ['PUT']],
    ['underscores but no field', request('POST', { body: '{"snake_case":"_meth","x_methodical":1}', contentType: 'application/json' }), []],
    ['the field at the very end', request('POST', { body: 'x=_method', contentType: 'text/plain' }), []],
    ['headers still count without a body', request('GET', { headers: { 'x-http-method': 'DELETE' } }), ['DELETE']],
  ])('%s', (_name, req, expected) => {
    expect(methodOverridesInBody(req, 1024)).toEqual(expected);
  });

  it('finds what methodOverrides finds, on bodies with and without the field', () => {
    const bodies = ['_method=DELETE', 'a=_METHOD', '{"_method":"PATCH"}', '{"a":"b"}', '_', '__method=GET', 'x_method=PUT&_method=POST'];
    for (const body of bodies) {
      for (const contentType of ['application/x-www-form-urlencoded', 'application/json']) {
        const req = request('GET', { body, contentType });
        expect(methodOverridesInBody(req, 1024), body).toEqual(methodOverrides(req, body));
      }
    }
  });
});
