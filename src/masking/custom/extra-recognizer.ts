import type { PhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';

/**
 * The one seam between operator-declared masking and the text scanner: a recognizer the
 * scanner runs on every free-text string, after the built-in detectors and before overlap
 * resolution. `category: null` marks text to leave alone (the allow-list).
 */
export interface ExtraRecognizer {
  /** Shown in the span's rule (`custom:<id>/...`, `deny:...`, `allow:...`). */
  readonly id: string;
  readonly category: PhiCategory | null;
  readonly priority: number;
  /** Appends the raw spans found in `text` (offsets into `text`). */
  findAll(text: string, out: Span[]): void;
}
