import { describe, expect, it } from 'vitest';
import { charsetParameterOf } from './charset-parameter.js';

describe('charsetParameterOf', () => {
  it.each([
    [undefined, { kind: 'absent' }],
    ['text/plain', { kind: 'absent' }],
    ['text/plain; format=flowed', { kind: 'absent' }],
    ['text/plain; charset=utf-8', { kind: 'present', value: 'utf-8' }],
    ['text/plain;charset=UTF-16LE', { kind: 'present', value: 'utf-16le' }],
    ['text/plain; CharSet = "Windows-1252" ', { kind: 'present', value: 'windows-1252' }],
    ['text/plain; charset="utf\\-8"', { kind: 'present', value: 'utf-8' }],
    ['text/plain; name="a;charset=utf-16le"; charset=utf-8', { kind: 'present', value: 'utf-8' }],
    ['text/plain; name="a;b"', { kind: 'absent' }],
    ['text/plain; charset=utf-8; charset=UTF-8', { kind: 'present', value: 'utf-8' }],
    ['text/plain; charset=utf-8; charset=utf-16le', { kind: 'ambiguous' }],
    ['text/plain; charset="utf-8', { kind: 'ambiguous' }],
    ['text/plain; charset=', { kind: 'present', value: '' }],
    ['text/plain; ; charset=latin1;', { kind: 'present', value: 'latin1' }],
  ])('%j -> %j', (header, expected) => {
    expect(charsetParameterOf(header)).toEqual(expected);
  });
});
