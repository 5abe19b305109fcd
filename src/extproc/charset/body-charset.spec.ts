import { describe, expect, it } from 'vitest';
import { declaredCharsetOf } from './body-charset.js';

describe('declaredCharsetOf', () => {
  it.each([
    ['application/json', { kind: 'undeclared' }],
    [undefined, { kind: 'undeclared' }],
    ['text/plain; charset=utf-8', { kind: 'charset', charset: 'utf-8' }],
    ['text/plain; charset="UTF8"', { kind: 'charset', charset: 'utf-8' }],
    ['text/plain; charset=utf-16le', { kind: 'charset', charset: 'utf-16le' }],
    ['text/plain; charset=UTF-16BE', { kind: 'charset', charset: 'utf-16be' }],
    ['text/plain; charset=utf-16', { kind: 'utf-16' }],
    ['text/csv; charset=windows-1252', { kind: 'charset', charset: 'windows-1252' }],
    ['text/csv; charset=cp1252', { kind: 'charset', charset: 'windows-1252' }],
    ['text/csv; charset=US-ASCII', { kind: 'charset', charset: 'windows-1252' }],
    ['text/csv; charset=ISO-8859-1', { kind: 'charset', charset: 'iso-8859-1' }],
    ['text/csv; charset=latin1', { kind: 'charset', charset: 'iso-8859-1' }],
  ])('%j -> %j', (header, expected) => {
    expect(declaredCharsetOf(header)).toEqual(expected);
  });

  it.each([
    'text/plain; charset=utf-7', 'text/plain; charset=utf-32', 'text/plain; charset=utf-32le', 'text/plain; charset=shift_jis',
    'text/plain; charset=iso-2022-jp', 'text/plain; charset=gb18030', 'text/plain; charset=ebcdic-us', 'text/plain; charset=ucs-2',
    'text/plain; charset=', 'text/plain; charset=utf-8; charset=utf-16le', 'text/plain; charset="utf-8',
  ])('%j cannot be decoded', (header) => {
    expect(declaredCharsetOf(header)).toBeUndefined();
  });
});
