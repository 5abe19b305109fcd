import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from './masking-engine.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 3), maxStreamRecordChars: 1000 });

function streamed(kind: 'text' | 'ndjson' | 'csv', input: string, chunkSize: number): string {
  const masker = engine.createStreamMasker(kind, 'strict');
  let out = '';
  for (let i = 0; i < input.length; i += chunkSize) out += masker.push(input.slice(i, i + chunkSize));
  return out + masker.end();
}

const note =
  'Clinic note. Patient: Zorba Quill, DOB 03/04/1950, MRN: 12345678. Call (975) 310-8670. '.repeat(3) +
  'Seen by Dr. Xylander on March 3, 1950. Her daughter, Wilhelmina Xu, has email w.xu@example.com. ' +
  'Lorem ipsum dolor sit amet. '.repeat(30) +
  'SSN 123-45-6789 end.';

describe('text stream masker', () => {
  const whole = engine.maskBody(note, 'text', 'strict').output;
  it.each([1, 2, 3, 7, 13, 64, 100, 257, 1000, 100_000])('chunks of %i give the same output as the whole body', (size) => {
    expect(streamed('text', note, size)).toBe(whole);
  });

  it('counts each value once in the summary', () => {
    const masker = engine.createStreamMasker('text', 'strict');
    for (let i = 0; i < note.length; i += 11) masker.push(note.slice(i, i + 11));
    masker.end();
    expect(masker.summary()).toEqual(engine.maskBody(note, 'text', 'strict').summary);
  });

  it('holds back at most a bounded tail', () => {
    const masker = engine.createStreamMasker('text', 'strict');
    let emitted = 0;
    for (let i = 0; i < 200; i++) emitted += masker.push('word '.repeat(100)).length;
    expect(100_000 - emitted).toBeLessThan(1024);
  });
});

describe('ndjson stream masker', () => {
  const input = '{"name":"Ann Lee","ssn":"123-45-6789"}\n\n{"note":"call 555-201-3344"}\r\n{"n":1}';
  it.each([1, 5, 17, 1000])('chunks of %i keep the line count and mask each line', (size) => {
    const out = streamed('ndjson', input, size);
    expect(out).toBe('{"name":"[REDACTED:NAME]","ssn":"[REDACTED:SSN]"}\n\n{"note":"call [REDACTED:PHONE]"}\r\n{"n":1}');
    expect(out.split('\n')).toHaveLength(input.split('\n').length);
  });

  it('rejects a line longer than the limit', () => {
    const masker = engine.createStreamMasker('ndjson', 'strict');
    expect(() => masker.push('{"a":"' + 'x'.repeat(2000))).toThrowError(expect.objectContaining({ code: 'resource_exhausted' }));
  });

  it('rejects an unparseable line', () => {
    const masker = engine.createStreamMasker('ndjson', 'strict');
    expect(() => masker.push('{"ssn": 123-45-6789}\n')).toThrowError(expect.objectContaining({ code: 'uninspectable' }));
  });
});

describe('csv stream masker', () => {
  const input = 'name,ssn,note\r\n"Lee, Ann",123-45-6789,"call\n555-201-3344"\r\nBob Smith,,ok\r\n';
  it.each([1, 4, 9, 1000])('chunks of %i', (size) => {
    expect(streamed('csv', input, size)).toBe('name,ssn,note\r\n"[REDACTED:NAME]",[REDACTED:SSN],"call\n[REDACTED:PHONE]"\r\n[REDACTED:NAME],,ok\r\n');
  });
});
