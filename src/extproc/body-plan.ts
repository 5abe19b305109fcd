import type { DecodableEncoding } from './content-encoding.js';
import type { ExtprocSettings } from './extproc-settings.js';
import type { MaskContentKind } from '../masking/masking-engine.js';

/**
 * How one body is handled:
 * - buffered: Envoy buffers it (known small length); we mask it whole and set content-length.
 * - accumulate: streamed to us, we hold it (bounded), emit nothing until the end, then the
 *   whole masked body (JSON must be parsed whole; compressed bodies must be decoded whole).
 * - stream: chunk by chunk through a stream masker with carry-over (NDJSON, CSV, text).
 * - pass: not masked (PHI-free route, or unknown type where policy allows passing).
 */
export type BodyPlan =
  | { kind: 'pass' }
  | { kind: 'buffered' | 'accumulate'; mask: MaskContentKind; encoding: DecodableEncoding }
  | { kind: 'stream'; mask: 'ndjson' | 'csv' | 'text' };

export type PlanRefusal = { refuse: 'unsupported_content_encoding' | 'unsupported_content_type' | 'body_too_large' };

export function planBody(
  input: { mask: MaskContentKind | undefined; encoding: DecodableEncoding | undefined; contentLength: number | undefined },
  settings: ExtprocSettings,
): BodyPlan | PlanRefusal {
  if (input.encoding === undefined) return { refuse: 'unsupported_content_encoding' };
  let mask = input.mask;
  if (mask === undefined) {
    if (settings.unknownContentType === 'block') return { refuse: 'unsupported_content_type' };
    if (settings.unknownContentType === 'pass') return { kind: 'pass' };
    mask = 'text';
  }
  const length = input.contentLength;
  if (length !== undefined && length > settings.maxAccumulatedBytes && (mask === 'json' || input.encoding !== 'identity')) {
    return { refuse: 'body_too_large' };
  }
  // A known, small length: let Envoy buffer it, so the client still gets a content-length.
  if (length !== undefined && length <= settings.maxBufferedBytes) return { kind: 'buffered', mask, encoding: input.encoding };
  if (input.encoding !== 'identity' || mask === 'json') return { kind: 'accumulate', mask, encoding: input.encoding };
  return { kind: 'stream', mask };
}
