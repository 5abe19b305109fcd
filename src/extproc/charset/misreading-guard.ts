import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import type { BodyCharset } from './body-charset.js';
import { decodeSingleByte } from './single-byte-codec.js';

/** Output bytes held back so that a value straddling two chunks is checked whole before any of it leaves. */
const HOLD_BYTES = 256;
/** Bytes already sent that are checked again with the next chunk, for the same reason. */
const CONTEXT_BYTES = 256;

/**
 * The masked body of a non-UTF-8 charset, checked as a client that ignores the charset would
 * read it (as UTF-8). A body labelled UTF-16 or windows-1252 that is really UTF-8 looks like
 * CJK or mojibake to the masker, which then finds nothing, while such a client reads every
 * value. So: if the UTF-8 reading of the bytes about to be sent holds more values than the
 * declared reading of the same bytes, the body is refused (uninspectable). A body that really
 * is in its charset has its values masked in both readings, so it is never refused for this.
 */
export class MisreadingGuard {
  private sent = Buffer.alloc(0);
  private held = Buffer.alloc(0);

  constructor(
    private readonly charset: Exclude<BodyCharset, 'utf-8'>,
    /** How many values the masker finds in a text (the engine's free-text masker). */
    private readonly countValues: (text: string) => number,
  ) {}

  /** Bytes about to be sent; returns those that may go now and holds the last few back. */
  push(bytes: Buffer): Buffer {
    const all = this.held.length === 0 ? bytes : Buffer.concat([this.held, bytes]);
    this.check(this.sent.length === 0 ? all : Buffer.concat([this.sent, all]));
    // Even, so that a UTF-16 code unit is never split between what goes and what is held.
    const cut = Math.max(0, all.length - HOLD_BYTES);
    const out = all.subarray(0, cut - (cut % 2));
    this.held = Buffer.from(all.subarray(out.length));
    this.sent = Buffer.from((this.sent.length === 0 ? out : Buffer.concat([this.sent, out])).subarray(-CONTEXT_BYTES));
    return out;
  }

  /** The held bytes (already checked by the last push). */
  end(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }

  private check(bytes: Buffer): void {
    const declared = this.read(bytes);
    const asUtf8 = bytes.toString('utf8');
    if (asUtf8 === declared) return;
    if (this.countValues(asUtf8) > this.countValues(declared)) {
      throw new WardgateError(ErrorCode.Uninspectable, `body read as UTF-8 shows values its declared ${this.charset} reading hides`);
    }
  }

  private read(bytes: Buffer): string {
    switch (this.charset) {
      case 'utf-16le':
        return bytes.toString('utf16le');
      case 'utf-16be':
        return Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
      case 'windows-1252':
      case 'iso-8859-1':
        return decodeSingleByte(bytes, this.charset);
    }
  }
}
