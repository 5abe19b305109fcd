import { describe, expect, it } from 'vitest';
import { toCheckResponse } from './check-response.js';

const metadata = { decisionId: 'd1', correlationId: 'c1', ruleId: 'r1', action: 'allow' as const, maskingProfile: 'strict', maskRequestBody: false, user: 'alice' };

describe('toCheckResponse', () => {
  it('allows with headers and dynamic metadata for ext_proc', () => {
    const r = toCheckResponse({ kind: 'allow', upstreamHeaders: { 'x-wardgate-decision-id': 'd1' }, removeUpstreamHeaders: ['x-spoof'], metadata });
    expect(r.status?.code).toBe(0);
    expect(r.ok_response?.headers?.[0]?.header).toEqual({ key: 'x-wardgate-decision-id', value: 'd1' });
    expect(r.ok_response?.headers_to_remove).toEqual(['x-spoof']);
    const wardgate = r.dynamic_metadata?.fields?.wardgate?.structValue?.fields;
    expect(wardgate?.maskingProfile).toEqual({ stringValue: 'strict' });
    expect(wardgate?.maskRequestBody).toEqual({ boolValue: false });
  });

  it('denies as a denied CheckResponse with status and JSON body, not a gRPC error', () => {
    const r = toCheckResponse({ kind: 'deny', status: 403, body: { status: 'denied', reason: 'x' }, headers: {} });
    expect(r.status?.code).toBe(7);
    expect(r.denied_response?.status?.code).toBe(403);
    expect(JSON.parse(r.denied_response?.body ?? '')).toEqual({ status: 'denied', reason: 'x' });
    expect(r.denied_response?.headers?.[0]?.header).toEqual({ key: 'content-type', value: 'application/json' });
  });
});
