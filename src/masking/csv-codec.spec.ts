import { describe, expect, it } from 'vitest';
import { CsvReader, writeCsvRecord } from './csv-codec.js';

function readAll(text: string, chunk = text.length): string[][] {
  const reader = new CsvReader(1 << 20);
  const rows: string[][] = [];
  for (let i = 0; i < text.length; i += chunk) for (const r of reader.push(text.slice(i, i + chunk))) rows.push(r.fields.map((f) => f.value));
  for (const r of reader.end()) rows.push(r.fields.map((f) => f.value));
  return rows;
}

describe('CsvReader', () => {
  const cases: Array<[string, string, string[][]]> = [
    ['simple', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['crlf', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['no final newline', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['quoted comma', 'a\n"x, y"\n', [['a'], ['x, y']]],
    ['escaped quote', 'a\n"say ""hi"""\n', [['a'], ['say "hi"']]],
    ['newline in quotes', 'a,b\n"line1\nline2",z\n', [['a', 'b'], ['line1\nline2', 'z']]],
    ['empty fields', ',,\n', [['', '', '']]],
  ];
  it.each(cases)('%s', (_label, text, expected) => {
    expect(readAll(text)).toEqual(expected);
    expect(readAll(text, 1)).toEqual(expected);
  });

  it('rejects an unterminated quote', () => {
    expect(() => readAll('a\n"open\n')).toThrowError(expect.objectContaining({ code: 'uninspectable' }));
  });

  it('rejects text after a closing quote', () => {
    expect(() => readAll('"a"b,c\n')).toThrowError(expect.objectContaining({ code: 'uninspectable' }));
  });

  it('bounds the carried record', () => {
    const reader = new CsvReader(10);
    expect(() => reader.push('"' + 'x'.repeat(20))).toThrowError(expect.objectContaining({ code: 'resource_exhausted' }));
  });
});

describe('writeCsvRecord', () => {
  it('round-trips quoting and line endings', () => {
    const text = 'a,"b, c","d ""q"""\r\n';
    const reader = new CsvReader(1 << 20);
    const [record] = reader.push(text);
    expect(writeCsvRecord(record!.fields, record!.eol)).toBe(text);
  });

  it('quotes a new value that needs it', () => {
    expect(writeCsvRecord([{ value: 'x,y', quoted: false }, { value: 'plain', quoted: false }], '\n')).toBe('"x,y",plain\n');
  });
});
