import type { MaskingEngine } from '../masking/masking-engine.js';

/** Masks recorded free text again; `remask(x)` is what the report shows for `x`. */
export interface FreeTextRemasker {
  remask: {
    (text: string): string;
    (text: string | undefined): string | undefined;
  };
}

/** The profile audit events are recorded with (start-wardgate's RECORD_PROFILE). */
export const REPORT_MASKING_PROFILE = 'strict';
const CACHE_ENTRIES = 4096;
const MAX_DECODE_ROUNDS = 3;

/**
 * Re-masks text recorded by an older (or the same) Wardgate with the current engine. Text that
 * may hide values behind percent-encoding (`Hildegard%20Oosterhuis`, `%2531…` twice encoded) is
 * decoded (up to three times) and masked; when that found anything, the decoded, masked form is
 * shown, since the encoded one would still carry it. Results are memoised (recorded paths repeat).
 */
export function createFreeTextRemasker(engine: MaskingEngine, profile = REPORT_MASKING_PROFILE): FreeTextRemasker {
  const cache = new Map<string, string>();
  const mask = (text: string): string => engine.maskText(text, profile).output;
  const compute = (text: string): string => {
    let decoded = text;
    for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
      const next = percentDecode(decoded);
      if (next === decoded) break;
      decoded = next;
    }
    if (decoded !== text) {
      // Masked whole once decoded: masking the encoded text first would split values at `%20`.
      const masked = mask(decoded);
      if (masked !== decoded) return masked;
    }
    return mask(text);
  };
  function remask(text: string): string;
  function remask(text: string | undefined): string | undefined;
  function remask(text: string | undefined): string | undefined {
    if (text === undefined || text === '') return text;
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const out = compute(text);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(text, out);
    return out;
  }
  return { remask };
}

/** Decodes `%XX` sequences (and `+` as a blank), leaving malformed ones as they are; never throws. */
export function percentDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const plus = text.replace(/\+/g, ' ');
  return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not valid UTF-8 as a whole: decode byte by byte, keeping the ASCII ones.
      return run.replace(/%([0-9A-Fa-f]{2})/g, (seq, hex: string) => {
        const code = parseInt(hex, 16);
        return code < 0x80 ? String.fromCharCode(code) : seq;
      });
    }
  });
}
