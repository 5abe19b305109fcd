import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import type { DeclaredCharset } from './body-charset.js';
import { BodyTextDecoder } from './body-text-decoder.js';
import { BodyTextEncoder } from './body-text-encoder.js';
import { MisreadingGuard } from './misreading-guard.js';

/**
 * One body's way through masking: bytes in its charset -> text -> (masked text) -> bytes in
 * the same charset and with the same BOM. The masking engine only ever sees strings. With
 * `countValues`, a body in another charset than UTF-8 also passes the MisreadingGuard.
 */
export class BodyTranscoder {
  private readonly decoder: BodyTextDecoder;
  private encoder: BodyTextEncoder | undefined;
  private guard: MisreadingGuard | undefined;

  constructor(
    declared: DeclaredCharset,
    private readonly countValues?: (text: string) => number,
  ) {
    this.decoder = new BodyTextDecoder(declared);
  }

  decode(bytes: Buffer): string {
    return this.decoder.push(bytes);
  }

  decodeEnd(): string {
    return this.decoder.end();
  }

  encode(text: string): Buffer {
    const encoder = this.encoderOnceKnown();
    if (encoder !== undefined) return this.guarded(encoder.push(text));
    // Nothing is decoded before the charset is known, so nothing masked can come out before it either.
    if (text.length > 0) throw new WardgateError(ErrorCode.Internal, 'masked text before the body charset was known');
    return Buffer.alloc(0);
  }

  encodeEnd(): Buffer {
    const encoder = this.encoderOnceKnown();
    if (encoder === undefined) return Buffer.alloc(0);
    const last = this.guarded(encoder.end());
    return this.guard === undefined ? last : Buffer.concat([last, this.guard.end()]);
  }

  private guarded(bytes: Buffer): Buffer {
    return this.guard === undefined ? bytes : this.guard.push(bytes);
  }

  private encoderOnceKnown(): BodyTextEncoder | undefined {
    if (this.encoder !== undefined) return this.encoder;
    const encoding = this.decoder.encoding();
    if (encoding === undefined) return undefined;
    this.encoder = new BodyTextEncoder(encoding.charset, encoding.bom);
    if (this.countValues !== undefined && encoding.charset !== 'utf-8') this.guard = new MisreadingGuard(encoding.charset, this.countValues);
    return this.encoder;
  }
}

/** A whole body: decoded, passed through `mask`, encoded back. */
export function transcodeWhole(body: Buffer, declared: DeclaredCharset, mask: (text: string) => string, countValues?: (text: string) => number): Buffer {
  const codec = new BodyTranscoder(declared, countValues);
  const text = codec.decode(body) + codec.decodeEnd();
  const masked = mask(text);
  return Buffer.concat([codec.encode(masked), codec.encodeEnd()]);
}
