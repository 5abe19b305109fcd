import { describe, expect, it } from 'vitest';
import { parseB3Multi, parseB3Single, parseTraceparent, traceParentFromHeaders } from './trace-headers.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent (W3C Trace Context)', () => {
  it.each([
    [`00-${TRACE}-${SPAN}-01`, { traceId: TRACE, spanId: SPAN, sampled: true }],
    [`00-${TRACE}-${SPAN}-00`, { traceId: TRACE, spanId: SPAN, sampled: false }],
    [`00-${TRACE}-${SPAN}-03`, { traceId: TRACE, spanId: SPAN, sampled: true }],
    [`  00-${TRACE}-${SPAN}-01 `, { traceId: TRACE, spanId: SPAN, sampled: true }],
    // A later version may append fields; the four known ones are read.
    [`01-${TRACE}-${SPAN}-01-extra`, { traceId: TRACE, spanId: SPAN, sampled: true }],
  ])('accepts %s', (value, expected) => {
    expect(parseTraceparent(value)).toEqual(expected);
  });

  it.each([
    ['empty', ''],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with an extra field', `00-${TRACE}-${SPAN}-01-extra`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['long span id', `00-${TRACE}-${SPAN}0-01`],
    ['non-hex', `00-${TRACE.replace('4', 'g')}-${SPAN}-01`],
    ['missing flags', `00-${TRACE}-${SPAN}`],
    ['PHI in place of an id', '00-jane-doe-123-45-6789-01'],
  ])('rejects %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('parseB3Single', () => {
  it.each([
    [`${TRACE}-${SPAN}-1`, { traceId: TRACE, spanId: SPAN, sampled: true }],
    [`${TRACE}-${SPAN}-0`, { traceId: TRACE, spanId: SPAN, sampled: false }],
    [`${TRACE}-${SPAN}-d`, { traceId: TRACE, spanId: SPAN, sampled: true }],
    [`${TRACE}-${SPAN}`, { traceId: TRACE, spanId: SPAN, sampled: false }],
    [`${TRACE}-${SPAN}-1-05e3ac9a4f6e3b90`, { traceId: TRACE, spanId: SPAN, sampled: true }],
    // 64-bit trace ids are left-padded to 128 bits.
    [`a3ce929d0e0e4736-${SPAN}-1`, { traceId: `0000000000000000a3ce929d0e0e4736`, spanId: SPAN, sampled: true }],
    [`${TRACE.toUpperCase()}-${SPAN}-1`, { traceId: TRACE, spanId: SPAN, sampled: true }],
  ])('accepts %s', (value, expected) => {
    expect(parseB3Single(value)).toEqual(expected);
  });

  it.each([['0'], ['1'], ['d'], [`${TRACE}`], [`${TRACE}-${SPAN}-x`], [`${'0'.repeat(32)}-${SPAN}-1`], [`${TRACE}-${'0'.repeat(16)}`], [`${TRACE.slice(2)}-${SPAN}`]])(
    'rejects %s',
    (value) => {
      expect(parseB3Single(value)).toBeUndefined();
    },
  );
});

describe('parseB3Multi', () => {
  it('reads x-b3-traceid, x-b3-spanid and x-b3-sampled', () => {
    expect(parseB3Multi({ 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '1' })).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseB3Multi({ 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '0' })).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false });
    expect(parseB3Multi({ 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'true' })?.sampled).toBe(true);
  });

  it('treats x-b3-flags: 1 (debug) as sampled and pads 64-bit trace ids', () => {
    expect(parseB3Multi({ 'x-b3-traceid': 'a3ce929d0e0e4736', 'x-b3-spanid': SPAN, 'x-b3-flags': '1' })).toEqual({
      traceId: '0000000000000000a3ce929d0e0e4736',
      spanId: SPAN,
      sampled: true,
    });
  });

  it('needs both ids, well formed', () => {
    expect(parseB3Multi({ 'x-b3-traceid': TRACE })).toBeUndefined();
    expect(parseB3Multi({ 'x-b3-spanid': SPAN })).toBeUndefined();
    expect(parseB3Multi({ 'x-b3-traceid': `${TRACE}ff`, 'x-b3-spanid': SPAN })).toBeUndefined();
    expect(parseB3Multi({ 'x-b3-traceid': TRACE, 'x-b3-spanid': 'not-a-span-id!!!' })).toBeUndefined();
  });
});

describe('traceParentFromHeaders', () => {
  const b3 = { b3: `${'1'.repeat(32)}-${'2'.repeat(16)}-1` };
  const multi = { 'x-b3-traceid': '3'.repeat(32), 'x-b3-spanid': '4'.repeat(16), 'x-b3-sampled': '1' };

  it('prefers traceparent, then b3, then x-b3-*', () => {
    expect(traceParentFromHeaders({ traceparent: `00-${TRACE}-${SPAN}-01`, ...b3, ...multi })?.traceId).toBe(TRACE);
    expect(traceParentFromHeaders({ ...b3, ...multi })?.traceId).toBe('1'.repeat(32));
    expect(traceParentFromHeaders(multi)?.traceId).toBe('3'.repeat(32));
    expect(traceParentFromHeaders({})).toBeUndefined();
  });

  it('ignores B3 beside an invalid traceparent (W3C: the invalid header means no context)', () => {
    expect(traceParentFromHeaders({ traceparent: 'garbage', ...b3 })).toBeUndefined();
  });
});
