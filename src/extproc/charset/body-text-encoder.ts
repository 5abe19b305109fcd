import type { BodyCharset } from './body-charset.js';
import { encodeSingleByte } from './single-byte-codec.js';

/**
 * Masked text back to bytes in the body's charset, in chunks, the BOM first if the body had
 * one. A high surrogate at the end of a chunk waits for its pair, so a character the masker
 * happened to split is encoded whole (UTF-8 would otherwise write two U+FFFD).
 */
export class BodyTextEncoder {
  private carry = '';
  private bom: Buffer | undefined;

  constructor(
    private readonly charset: BodyCharset,
    bom: Buffer,
  ) {
    this.bom = bom.length > 0 ? bom : undefined;
  }

  push(text: string): Buffer {
    let all = this.carry + text;
    this.carry = '';
    const last = all.charCodeAt(all.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = all.slice(-1);
      all = all.slice(0, -1);
    }
    return this.emit(all);
  }

  end(): Buffer {
    const all = this.carry;
    this.carry = '';
    return this.emit(all);
  }

  private emit(text: string): Buffer {
    const bytes = text.length === 0 ? Buffer.alloc(0) : encodeText(text, this.charset);
    if (this.bom === undefined) return bytes;
    const out = Buffer.concat([this.bom, bytes]);
    this.bom = undefined;
    return out;
  }
}

function encodeText(text: string, charset: BodyCharset): Buffer {
  switch (charset) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252':
    case 'iso-8859-1':
      return encodeSingleByte(text, charset);
  }
}
