import type { DecodableEncoding } from '../http/content-encoding.js';
import type { ExtprocSettings } from './extproc-settings.js';
import type { MaskContentKind } from '../masking/masking-engine.js';

/**
 * How one body is handled:
 * - buffered: Envoy buffers it (known small length); we mask it whole and set content-length.
 * - held: no length (chunked) JSON or compressed body; Envoy holds the headers and buffers the
 *   body up to its own limit (BUFFERED_PARTIAL), so a refusal still reaches the client as a
 *   status and a reason instead of a reset.
 * - accumulate: a known length above Envoy's buffer: streamed to us, we hold it (bounded), emit
 *   nothing until the end, then the whole masked body (JSON must be parsed whole; compressed
 *   bodies must be decoded whole). The headers are already out, so a refusal resets the stream.
 * - stream: chunk by chunk through a stream masker with carry-over (NDJSON, CSV, text).
 * - pass: not masked (PHI-free route, or unknown type where policy allows passing).
 */
export type BodyPlan =
  | { kind: 'pass' }
  | { kind: 'buffered' | 'held' | 'accumulate'; mask: MaskContentKind; encoding: DecodableEncoding }
  | { kind: 'stream'; mask: 'ndjson' | 'csv' | 'text' };

export type PlanRefusal = { refuse: 'unsupported_content_encoding' | 'unsupported_content_type' | 'unsupported_charset' | 'body_too_large' };

export function planBody(
  input: {
    mask: MaskContentKind | undefined;
    encoding: DecodableEncoding | undefined;
    contentLength: number | undefined;
    /** False when the Content-Type names a charset Wardgate cannot decode (@default true). */
    charsetDecodable?: boolean;
  },
  settings: ExtprocSettings,
): BodyPlan | PlanRefusal {
  if (input.encoding === undefined) return { refuse: 'unsupported_content_encoding' };
  let mask = input.mask;
  if (mask === undefined) {
    if (settings.unknownContentType === 'block') return { refuse: 'unsupported_content_type' };
    if (settings.unknownContentType === 'pass') return { kind: 'pass' };
    mask = 'text';
  }
  // Bytes read in the wrong charset hide every value from the masker: refuse, like an unknown encoding.
  if (input.charsetDecodable === false) return { refuse: 'unsupported_charset' };
  const length = input.contentLength;
  if (length !== undefined && length > settings.maxAccumulatedBytes && (mask === 'json' || input.encoding !== 'identity')) {
    return { refuse: 'body_too_large' };
  }
  // A known, small length: let Envoy buffer it, so the client still gets a content-length.
  if (length !== undefined && length <= settings.maxBufferedBytes) return { kind: 'buffered', mask, encoding: input.encoding };
  if (input.encoding !== 'identity' || mask === 'json') {
    return { kind: length === undefined ? 'held' : 'accumulate', mask, encoding: input.encoding };
  }
  return { kind: 'stream', mask };
}
