import { TextDecoder } from 'node:util';
import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import type { BodyCharset, DeclaredCharset } from './body-charset.js';
import { decodeSingleByte } from './single-byte-codec.js';

/** The block reason a charset problem maps to (see the handler's reasons). */
export const UNSUPPORTED_CHARSET = 'unsupported_charset';

const boms: ReadonlyArray<{ charset: BodyCharset; bytes: Buffer }> = [
  { charset: 'utf-8', bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
  { charset: 'utf-16le', bytes: Buffer.from([0xff, 0xfe]) },
  { charset: 'utf-16be', bytes: Buffer.from([0xfe, 0xff]) },
];

function unsupported(message: string): WardgateError {
  return new WardgateError(ErrorCode.Uninspectable, message, { details: { reason: UNSUPPORTED_CHARSET } });
}

/**
 * Bytes of a body, in chunks, to text in its charset. A character split across chunks (a
 * UTF-8 sequence, a UTF-16 code unit or surrogate pair) is held until it is whole. The BOM
 * is taken off (and reported, so the encoder can put it back). Refuses, failing closed:
 * - a BOM that contradicts the declared charset, or `utf-16` without one (the client could
 *   read the body differently from us);
 * - a NUL character: no text format carries one, and it is what a wider encoding read as a
 *   narrower one looks like (UTF-16 labelled UTF-8, UTF-32 labelled UTF-16).
 * Malformed sequences become U+FFFD: the output is always re-encoded from this text, so
 * undecodable bytes never reach the client.
 */
export class BodyTextDecoder {
  private head: Buffer | undefined = Buffer.alloc(0);
  private resolved: { charset: BodyCharset; bom: Buffer } | undefined;
  private utf16: TextDecoder | undefined;
  private utf8: TextDecoder | undefined;
  private oddByte: number | undefined;

  constructor(private readonly declared: DeclaredCharset) {}

  push(bytes: Buffer): string {
    return this.feed(bytes, false);
  }

  end(): string {
    return this.feed(Buffer.alloc(0), true);
  }

  /** The charset the body is read in and the BOM it began with; undefined until the first bytes decide. */
  encoding(): { charset: BodyCharset; bom: Buffer } | undefined {
    return this.resolved;
  }

  private feed(bytes: Buffer, end: boolean): string {
    if (this.head !== undefined) {
      const head = this.head.length === 0 ? bytes : Buffer.concat([this.head, bytes]);
      // A BOM can be split across chunks: hold up to three bytes until it is known.
      if (!end && boms.some((b) => head.length < b.bytes.length && b.bytes.subarray(0, head.length).equals(head))) {
        this.head = head;
        return '';
      }
      this.head = undefined;
      const bom = boms.find((b) => head.length >= b.bytes.length && head.subarray(0, b.bytes.length).equals(b.bytes));
      this.resolved = this.resolve(bom);
      bytes = head.subarray(this.resolved.bom.length);
    }
    const text = this.decode(bytes, end);
    if (text.includes('\u0000')) {
      throw new WardgateError(ErrorCode.Uninspectable, 'body holds NUL characters: not text in its declared charset');
    }
    return text;
  }

  private resolve(bom: { charset: BodyCharset; bytes: Buffer } | undefined): { charset: BodyCharset; bom: Buffer } {
    const declared = this.declared;
    const found = bom === undefined ? undefined : { charset: bom.charset, bom: Buffer.from(bom.bytes) };
    switch (declared.kind) {
      case 'undeclared':
        return found ?? { charset: 'utf-8', bom: Buffer.alloc(0) };
      case 'utf-16':
        if (found?.charset === 'utf-16le' || found?.charset === 'utf-16be') return found;
        throw unsupported('charset utf-16 without a byte order mark');
      case 'charset':
        if (found === undefined) return { charset: declared.charset, bom: Buffer.alloc(0) };
        if (found.charset === declared.charset) return found;
        throw unsupported('byte order mark contradicts the declared charset');
    }
  }

  private decode(bytes: Buffer, end: boolean): string {
    const charset = this.resolved?.charset ?? 'utf-8';
    switch (charset) {
      case 'utf-8':
        this.utf8 ??= new TextDecoder('utf-8', { ignoreBOM: true });
        return this.utf8.decode(bytes, { stream: !end });
      case 'utf-16le':
        this.utf16 ??= new TextDecoder('utf-16le', { ignoreBOM: true });
        return this.utf16.decode(bytes, { stream: !end });
      case 'utf-16be':
        // Swapped to LE here: Node decodes UTF-16BE only with full ICU, UTF-16LE always.
        this.utf16 ??= new TextDecoder('utf-16le', { ignoreBOM: true });
        return this.utf16.decode(this.swapped(bytes, end), { stream: !end });
      case 'windows-1252':
      case 'iso-8859-1':
        return decodeSingleByte(bytes, charset);
    }
  }

  /** The bytes of a UTF-16BE chunk in LE order, carrying an odd last byte to the next chunk. */
  private swapped(bytes: Buffer, end: boolean): Buffer {
    let all = this.oddByte === undefined ? bytes : Buffer.concat([Buffer.from([this.oddByte]), bytes]);
    this.oddByte = undefined;
    if (all.length % 2 === 1 && !end) {
      this.oddByte = all[all.length - 1];
      all = all.subarray(0, all.length - 1);
    }
    const even = Buffer.from(all.subarray(0, all.length - (all.length % 2)));
    even.swap16();
    // A dangling last byte at the end stays: the LE decoder turns it into U+FFFD.
    return all.length % 2 === 1 ? Buffer.concat([even, all.subarray(all.length - 1)]) : even;
  }
}
