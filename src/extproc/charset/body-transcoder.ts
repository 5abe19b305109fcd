import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import type { DeclaredCharset } from './body-charset.js';
import { BodyTextDecoder } from './body-text-decoder.js';
import { BodyTextEncoder } from './body-text-encoder.js';

/**
 * One body's way through masking: bytes in its charset -> text -> (masked text) -> bytes in
 * the same charset and with the same BOM. The masking engine only ever sees strings.
 */
export class BodyTranscoder {
  private readonly decoder: BodyTextDecoder;
  private encoder: BodyTextEncoder | undefined;

  constructor(declared: DeclaredCharset) {
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
    if (encoder !== undefined) return encoder.push(text);
    // Nothing is decoded before the charset is known, so nothing masked can come out before it either.
    if (text.length > 0) throw new WardgateError(ErrorCode.Internal, 'masked text before the body charset was known');
    return Buffer.alloc(0);
  }

  encodeEnd(): Buffer {
    return this.encoderOnceKnown()?.end() ?? Buffer.alloc(0);
  }

  private encoderOnceKnown(): BodyTextEncoder | undefined {
    if (this.encoder !== undefined) return this.encoder;
    const encoding = this.decoder.encoding();
    if (encoding === undefined) return undefined;
    this.encoder = new BodyTextEncoder(encoding.charset, encoding.bom);
    return this.encoder;
  }
}

/** A whole body: decoded, passed through `mask`, encoded back. */
export function transcodeWhole(body: Buffer, declared: DeclaredCharset, mask: (text: string) => string): Buffer {
  const codec = new BodyTranscoder(declared);
  const text = codec.decode(body) + codec.decodeEnd();
  const masked = mask(text);
  return Buffer.concat([codec.encode(masked), codec.encodeEnd()]);
}
