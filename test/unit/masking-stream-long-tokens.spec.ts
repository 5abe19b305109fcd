import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../../src/masking/masking-engine.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 6) });

function streamed(chunks: readonly string[]): { output: string; total: number } {
  const masker = engine.createStreamMasker('text', 'strict');
  let output = '';
  for (const c of chunks) output += masker.push(c);
  output += masker.end();
  return { output, total: masker.summary().total };
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(text.length, c))))].sort((a, b) => a - b);
  const parts: string[] = [];
  let pos = 0;
  for (const p of points) {
    parts.push(text.slice(pos, p));
    pos = p;
  }
  parts.push(text.slice(pos));
  return parts;
}

// 300+ characters without a blank, PHI in the query string: longer than the old 64-character tail.
const phiUrl =
  'https://portal.example-hospital.org/patients/search?name=Zorba%20Quill&ssn=123-45-6789&dob=1950-03-04&mrn=12345678' +
  `&session=${'a1B2c3D4'.repeat(24)}`;
const note = `${'Follow-up call. '.repeat(20)}Results at ${phiUrl} were sent; SSN 987-65-4321 on file. ${'Stable. '.repeat(20)}`;
const phiValues = ['Zorba', '123-45-6789', '1950-03-04', '12345678', '987-65-4321'];

describe('text stream: a long URL with PHI in its query', () => {
  const whole = engine.maskBody(note, 'text', 'strict').output;

  it('the whole-body scan masks it as one URL', () => {
    expect(whole).toContain('Results at [REDACTED:URL] were sent; SSN [REDACTED:SSN]');
    for (const v of phiValues) expect(whole).not.toContain(v);
  });

  it('split into two chunks at every boundary, the output is the whole-body output', () => {
    for (let k = 0; k <= note.length; k++) {
      expect(streamed([note.slice(0, k), note.slice(k)]).output).toBe(whole);
    }
  });

  it('split at any set of boundaries, the output is the whole-body output', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: note.length }), { maxLength: 40 }), (cuts) => {
        expect(streamed(splitAt(note, cuts)).output).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('one character at a time', () => {
    expect(streamed([...note]).output).toBe(whole);
  });
});

describe('text stream: tokens longer than the 4 KiB hold', () => {
  it('a URL longer than the cap is redacted whole, and the text after it is still scanned', () => {
    const longUrl = `https://x.example.org/p?ssn=123-45-6789&pad=${'q'.repeat(6000)}&name=Zorba`;
    const text = `See ${longUrl} then call (975) 310-8670 today.`;
    for (const size of [1, 100, 1000, 5000, 100_000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const { output } = streamed(chunks);
      expect(output).toBe('See [REDACTED:URL] then call [REDACTED:PHONE] today.');
    }
  });

  it('a base64 payload longer than the cap passes verbatim, as in the whole-body scan', () => {
    const payload = Buffer.alloc(9000, 'Zm9vYmFyMTIzQUJD').toString('base64');
    const text = `attachment ${payload} SSN 123-45-6789 end`;
    const { output } = streamed(splitAt(text, [10, 300, 4200, 8000, 12_000]));
    expect(output).toBe(`attachment ${payload} SSN [REDACTED:SSN] end`);
    expect(engine.maskBody(text, 'text', 'strict').output).toBe(output);
  });

  it('a data: URI longer than the cap passes verbatim', () => {
    const uri = `data:image/png;base64,${Buffer.alloc(6000, 7).toString('base64')}Ab9`;
    const text = `<img src=${uri}> Patient: Zorba Quill`;
    const { output } = streamed(splitAt(text, [50, 2000, 5000]));
    expect(output).toBe(`<img src=${uri}> Patient: [REDACTED:NAME]`);
  });

  it('any other long token is cut only at a hard separator, never inside a value', () => {
    const cells = Array.from({ length: 400 }, (_, i) => (i % 50 === 7 ? 'ann.lee@example.com' : `v${i}`));
    const text = cells.join(',');
    const whole = engine.maskBody(text, 'text', 'strict').output;
    for (const size of [3, 64, 333]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(streamed(chunks).output).toBe(whole);
    }
    expect(whole).not.toContain('ann.lee');
  });

  it('holds back a bounded amount even without any separator', () => {
    const masker = engine.createStreamMasker('text', 'strict');
    let emitted = 0;
    for (let i = 0; i < 50; i++) emitted += masker.push('x'.repeat(10_000)).length;
    expect(500_000 - emitted).toBeLessThanOrEqual(64 * 1024);
    expect(emitted + masker.end().length).toBe(500_000);
  });

  it('a long email local part split across chunks is masked whole', () => {
    const email = `${'first.middle.last'.repeat(3)}@mail.example.com`;
    const text = `${'word '.repeat(60)}${email} ${'word '.repeat(60)}`;
    const whole = engine.maskBody(text, 'text', 'strict').output;
    for (let k = 250; k <= 400; k++) expect(streamed([text.slice(0, k), text.slice(k)]).output).toBe(whole);
    expect(whole).toContain('[REDACTED:EMAIL]');
  });
});
