import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../errors/wardgate-error.js';
import type { BodyCharset, DeclaredCharset } from './body-charset.js';
import { BodyTextDecoder, UNSUPPORTED_CHARSET } from './body-text-decoder.js';
import { BodyTextEncoder } from './body-text-encoder.js';
import { BodyTranscoder, transcodeWhole } from './body-transcoder.js';

const declared = (charset: BodyCharset): DeclaredCharset => ({ kind: 'charset', charset });
const undeclared: DeclaredCharset = { kind: 'undeclared' };
const BOM = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff] } as const;

/** Reference encoders, written independently of the code under test. */
function encodeReference(text: string, charset: BodyCharset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  if (charset === 'utf-16le') return le;
  if (charset === 'utf-16be') return Buffer.from(le).swap16();
  return Buffer.from(text, 'latin1');
}

function decodeInChunks(bytes: Buffer, declaredCharset: DeclaredCharset, cuts: number[]): string {
  const decoder = new BodyTextDecoder(declaredCharset);
  let text = '';
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    text += decoder.push(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  return text + decoder.push(bytes.subarray(from)) + decoder.end();
}

describe('body charsets', () => {
  const sample = 'Patient José Müller, SSN 219-09-9999 ✓ 😀';

  it.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('%s decodes and re-encodes byte for byte', (charset) => {
    const bytes = encodeReference(sample, charset);
    expect(decodeInChunks(bytes, declared(charset), [])).toBe(sample);
    expect(transcodeWhole(bytes, declared(charset), (t) => t).equals(bytes)).toBe(true);
  });

  it.each([
    ['utf-8', 'utf-8'], ['utf-16le', 'utf-16le'], ['utf-16be', 'utf-16be'],
  ] as const)('a %s BOM with no charset declared decides the charset, and is kept', (bomOf, charset) => {
    const bytes = Buffer.concat([Buffer.from(BOM[bomOf]), encodeReference(sample, charset)]);
    const decoder = new BodyTextDecoder(undeclared);
    expect(decoder.push(bytes) + decoder.end()).toBe(sample);
    expect(decoder.encoding()?.charset).toBe(charset);
    expect(transcodeWhole(bytes, undeclared, (t) => t.replace('219-09-9999', '[REDACTED:SSN]'))).toEqual(
      Buffer.concat([Buffer.from(BOM[bomOf]), encodeReference(sample.replace('219-09-9999', '[REDACTED:SSN]'), charset)]),
    );
  });

  it.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('%s: a character (a surrogate pair, a multi-byte sequence, a BOM) split at every byte is decoded whole', (charset) => {
    const text = 'a😀é✓b';
    const bytes = encodeReference(text, charset);
    const withBom = charset === 'utf-8' ? bytes : Buffer.concat([Buffer.from(BOM[charset]), bytes]);
    for (let cut = 0; cut <= withBom.length; cut++) {
      for (let second = cut; second <= withBom.length; second++) {
        expect(decodeInChunks(withBom, charset === 'utf-8' ? declared(charset) : undeclared, [cut, second])).toBe(text);
      }
    }
  });

  it('charset=utf-16 needs a BOM to say its byte order', () => {
    const le = Buffer.concat([Buffer.from(BOM['utf-16le']), encodeReference('Ada', 'utf-16le')]);
    const be = Buffer.concat([Buffer.from(BOM['utf-16be']), encodeReference('Ada', 'utf-16be')]);
    expect(transcodeWhole(le, { kind: 'utf-16' }, (t) => t).equals(le)).toBe(true);
    expect(transcodeWhole(be, { kind: 'utf-16' }, (t) => t).equals(be)).toBe(true);
    expect(() => transcodeWhole(encodeReference('Ada', 'utf-16le'), { kind: 'utf-16' }, (t) => t)).toThrow(
      expect.objectContaining({ code: ErrorCode.Uninspectable, details: { reason: UNSUPPORTED_CHARSET } }),
    );
  });

  it.each([
    ['a UTF-16LE BOM on a body declared UTF-8', 'utf-8', BOM['utf-16le']],
    ['a UTF-16BE BOM on a body declared UTF-16LE', 'utf-16le', BOM['utf-16be']],
    ['a UTF-8 BOM on a body declared UTF-16BE', 'utf-16be', BOM['utf-8']],
    ['a UTF-8 BOM on a body declared windows-1252', 'windows-1252', BOM['utf-8']],
    ['a UTF-16LE BOM on a body declared ISO-8859-1', 'iso-8859-1', BOM['utf-16le']],
  ] as const)('%s is refused as an unsupported charset', (_name, charset, bom) => {
    const body = Buffer.concat([Buffer.from(bom), Buffer.from('A\u0000d\u0000a\u0000', 'latin1')]);
    expect(() => transcodeWhole(body, declared(charset), (t) => t)).toThrow(expect.objectContaining({ details: { reason: UNSUPPORTED_CHARSET } }));
  });

  it.each([
    ['UTF-16LE labelled UTF-8', declared('utf-8'), encodeReference('SSN 219-09-9999', 'utf-16le')],
    ['UTF-16BE with no charset and no BOM', undeclared, encodeReference('SSN 219-09-9999', 'utf-16be')],
    ['UTF-16LE labelled windows-1252', declared('windows-1252'), encodeReference('SSN 219-09-9999', 'utf-16le')],
    ['UTF-32LE labelled UTF-16LE', declared('utf-16le'), Buffer.from('S\0\0\0S\0\0\0N\0\0\0', 'latin1')],
  ])('%s (NUL characters) is refused as uninspectable', (_name, charset, body) => {
    expect(() => transcodeWhole(body, charset, (t) => t)).toThrow(expect.objectContaining({ code: ErrorCode.Uninspectable, details: {} }));
  });

  it('windows-1252: every byte round-trips, 0x80-0x9F as windows-1252 (not Latin-1) reads them', () => {
    const all = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1));
    const text = transcodeWhole(all, declared('windows-1252'), (t) => t);
    expect(text.equals(all)).toBe(true);
    const decoder = new BodyTextDecoder(declared('windows-1252'));
    expect(decoder.push(Buffer.from([0x80, 0x93, 0x94, 0x9f, 0xe9])) + decoder.end()).toBe('€“”Ÿé');
  });

  it('ISO-8859-1: every byte is its own code point and round-trips', () => {
    const all = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1));
    const decoder = new BodyTextDecoder(declared('iso-8859-1'));
    expect(decoder.push(all) + decoder.end()).toBe(all.toString('latin1'));
    expect(transcodeWhole(all, declared('iso-8859-1'), (t) => t).equals(all)).toBe(true);
  });

  it.each(['windows-1252', 'iso-8859-1'] as const)('a character %s cannot encode fails, never a substitute', (charset) => {
    expect(() => new BodyTextEncoder(charset, Buffer.alloc(0)).push('Ada ✓')).toThrow(expect.objectContaining({ code: ErrorCode.Internal }));
  });

  it('malformed bytes become U+FFFD, so they never reach the client as they came', () => {
    const body = Buffer.from([0x41, 0xff, 0xc3, 0x42]);
    expect(transcodeWhole(body, declared('utf-8'), (t) => t).toString('utf8')).toBe('A\ufffd\ufffdB');
  });

  it('a surrogate pair split between two outputs of the masker is encoded whole', () => {
    const encoder = new BodyTextEncoder('utf-8', Buffer.alloc(0));
    const pair = '😀';
    const bytes = Buffer.concat([encoder.push(`a${pair[0]}`), encoder.push(`${pair[1]}b`), encoder.end()]);
    expect(bytes.toString('utf8')).toBe(`a${pair}b`);
  });

  // Characters each charset can carry (single-byte charsets: what decoding yields).
  const textFor = (charset: BodyCharset): fc.Arbitrary<string> =>
    charset === 'windows-1252' || charset === 'iso-8859-1'
      ? // No NUL, and no first byte a BOM could start with (such a body is refused, tested above).
        fc.uint8Array({ maxLength: 300 }).map((b) => new BodyTextDecoder(declared(charset)).push(Buffer.from(b.map((x, i) => (x === 0 || (i === 0 && [0xef, 0xfe, 0xff].includes(x)) ? 32 : x)))))
      : fc.string({ unit: 'grapheme', maxLength: 150 }).map((s) => s.replaceAll('\u0000', ' '));

  it.each(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'] as const)(
    'property: %s text split anywhere decodes and re-encodes to the same bytes',
    (charset) => {
      fc.assert(
        fc.property(textFor(charset), fc.boolean(), fc.array(fc.nat({ max: 1200 }), { maxLength: 6 }), (text, withBom, cuts) => {
          const bom = withBom && charset in BOM ? Buffer.from(BOM[charset as keyof typeof BOM]) : Buffer.alloc(0);
          const body = Buffer.concat([bom, new BodyTextEncoder(charset, Buffer.alloc(0)).push(text)]);
          expect(decodeInChunks(body, declared(charset), cuts)).toBe(text);
          // The transcoder in chunks: output bytes equal input bytes when nothing is masked.
          const codec = new BodyTranscoder(bom.length > 0 ? undeclared : declared(charset));
          const out: Buffer[] = [];
          let from = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            out.push(codec.encode(codec.decode(body.subarray(from, Math.max(from, cut)))));
            from = Math.max(from, cut);
          }
          out.push(codec.encode(codec.decode(body.subarray(from)) + codec.decodeEnd()), codec.encodeEnd());
          expect(Buffer.concat(out).equals(body)).toBe(true);
        }),
        { numRuns: 300 },
      );
    },
  );
});
