import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import { WINDOWS_1252_HIGH } from './windows-1252-table.js';

/** One byte per character: windows-1252 (its table for 0x80-0x9F) or ISO-8859-1 (byte = code point). */
export type SingleByteCharset = 'windows-1252' | 'iso-8859-1';

const highChars = String.fromCharCode(...WINDOWS_1252_HIGH);
const byteOfHighChar: ReadonlyMap<number, number> = new Map(WINDOWS_1252_HIGH.map((point, i) => [point, 0x80 + i]));

export function decodeSingleByte(bytes: Buffer, charset: SingleByteCharset): string {
  if (charset === 'iso-8859-1') return bytes.toString('latin1');
  const text = bytes.toString('latin1');
  // Only 0x80-0x9F differ from Latin-1; most bodies have none, so the copy is skipped.
  if (!/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => highChars[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * Encodes masked text back into the body's charset. Every character came from decoding the
 * body or from a mask token (ASCII), so one that has no byte is a bug: fail rather than
 * substitute, since a substitute would change what the client reads.
 */
export function encodeSingleByte(text: string, charset: SingleByteCharset): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff) || (charset === 'iso-8859-1' && c <= 0xff)) {
      out[i] = c;
      continue;
    }
    const byte = charset === 'windows-1252' ? byteOfHighChar.get(c) : undefined;
    if (byte === undefined) throw new WardgateError(ErrorCode.Internal, `masked text holds a character ${charset} cannot encode`);
    out[i] = byte;
  }
  return out;
}
