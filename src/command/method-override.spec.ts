import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../authz/access-request.js';
import { methodOverrides } from './method-override.js';

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
    expect(methodOverrides(req, 1024)).toEqual(expected);
  });
});

describe('methodOverrides, reading body bytes', () => {
  it.each<[string, AccessRequest, string[]]>([
    ['a form field in another case', request('POST', { body: 'a=1&_Method=DELETE', contentType: 'application/x-www-form-urlencoded' }), ['DELETE']],
    ['JSON', request('POST', { body: '{"snake_case":1,"_method":"PUT"}', contentType: 'application/json' }), ['PUT']],
    ['underscores but no field', request('POST', { body: '{"snake_case":"_meth","x_methodical":1}', contentType: 'application/json' }), []],
    ['the field at the very end', request('POST', { body: 'x=_method', contentType: 'text/plain' }), []],
    ['headers still count without a body', request('GET', { headers: { 'x-http-method': 'DELETE' } }), ['DELETE']],
  ])('%s', (_name, req, expected) => {
    expect(methodOverrides(req, 1024)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['_method=DELETE', 'application/x-www-form-urlencoded', ['DELETE']],
    ['_method=DELETE', 'application/json', []],
    ['a=_METHOD', 'application/x-www-form-urlencoded', []],
    ['{"_method":"PATCH"}', 'application/x-www-form-urlencoded', []],
    ['{"_method":"PATCH"}', 'application/json', ['PATCH']],
    ['{"a":"b"}', 'application/json', []],
    ['_', 'application/x-www-form-urlencoded', []],
    ['__method=GET', 'application/x-www-form-urlencoded', []],
    ['x_method=PUT&_method=POST', 'application/x-www-form-urlencoded', ['POST']],
    ['x_method=PUT&_method=POST', 'application/json', []],
  ])('%s as %s', (body, contentType, expected) => {
    expect(methodOverrides(request('GET', { body, contentType }), 1024)).toEqual(expected);
  });
});
