import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../errors/wardgate-error.js';
import { MisreadingGuard } from './misreading-guard.js';

// A stand-in for the masker: counts SSN-shaped values.
const countSsns = (text: string): number => (text.match(/\d{3}-\d{2}-\d{4}/g) ?? []).length;

function through(guard: MisreadingGuard, chunks: Buffer[]): Buffer {
  return Buffer.concat([...chunks.map((c) => guard.push(c)), guard.end()]);
}

describe('MisreadingGuard', () => {
  it('passes a UTF-16 body whose UTF-8 reading shows nothing more, byte for byte, in any chunking', () => {
    const body = Buffer.from(`note ${'x'.repeat(600)} SSN [REDACTED:SSN] 219-09-9999`, 'utf16le');
    for (const step of [1, 7, 256, 5000]) {
      const chunks = Array.from({ length: Math.ceil(body.length / step) }, (_, i) => body.subarray(i * step, (i + 1) * step));
      expect(through(new MisreadingGuard('utf-16le', countSsns), chunks).equals(body)).toBe(true);
    }
  });

  it.each(['utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'] as const)('refuses UTF-8 bytes labelled %s that show a value the label hides', (charset) => {
    // In UTF-8 the digits are plain; read as UTF-16 they are CJK, read as windows-1252 the é is mojibake (harmless here).
    const body = Buffer.from(`caf\u00e9 ${'y'.repeat(300)} SSN 219-09-9999 ${'z'.repeat(300)}`, 'utf8');
    const guard = new MisreadingGuard(charset, charset.startsWith('utf-16') ? countSsns : (t) => (t.includes('café') ? 1 : 0));
    expect(() => through(guard, [body.subarray(0, 310), body.subarray(310)])).toThrow(expect.objectContaining({ code: ErrorCode.Uninspectable }));
  });

  it('holds back the tail of each chunk, so a value split across chunks is checked before any of it is sent', () => {
    const guard = new MisreadingGuard('utf-16le', countSsns);
    const first = guard.push(Buffer.from(`${'a'.repeat(400)}219-09-`, 'utf8'));
    expect(first.toString('utf8')).not.toContain('219');
    expect(() => guard.push(Buffer.from('9999 tail', 'utf8'))).toThrow(expect.objectContaining({ code: ErrorCode.Uninspectable }));
  });
});
