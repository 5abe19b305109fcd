import zlib from 'node:zlib';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

export type DecodableEncoding = 'identity' | 'gzip' | 'deflate' | 'br';

/** `content-encoding` -> what Wardgate can decode, or undefined for anything else (to be blocked). */
export function parseContentEncoding(header: string | undefined): DecodableEncoding | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  if (value === 'br') return 'br';
  return undefined;
}

/** Decompresses a whole body, bounded so that a compression bomb cannot exhaust memory. */
export function decodeBody(body: Buffer, encoding: DecodableEncoding, maxOutputBytes: number): Buffer {
  if (encoding === 'identity') return body;
  const options = { maxOutputLength: maxOutputBytes };
  try {
    if (encoding === 'gzip') return zlib.gunzipSync(body, options);
    if (encoding === 'br') return zlib.brotliDecompressSync(body, options);
    // "deflate" is zlib-wrapped per RFC 9110, but some servers send raw deflate.
    try {
      return zlib.inflateSync(body, options);
    } catch (err: unknown) {
      // A zlib stream that inflates past the limit is a bomb, not raw deflate: do not retry it.
      if (isTooLarge(err)) throw err;
      return zlib.inflateRawSync(body, options);
    }
  } catch (err: unknown) {
    const tooLarge = isTooLarge(err);
    throw new WardgateError(
      tooLarge ? ErrorCode.ResourceExhausted : ErrorCode.Uninspectable,
      tooLarge ? 'decompressed body exceeds the limit' : `body is not valid ${encoding}`,
      { cause: err },
    );
  }
}

function isTooLarge(err: unknown): boolean {
  return err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
}
