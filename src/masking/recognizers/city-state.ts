import { Priority } from '../span.js';
import { isAsciiLetter } from '../word-start.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { US_STATE_CODES, stateAlt } from './us-states.js';

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Start of the title-case word `[A-Z][a-z]{2,20}` ending at `end`, or -1. */
function cityWordStart(text: string, end: number): number {
  let k = end;
  while (k > 0 && end - k < 21 && isLowerAscii(text.charCodeAt(k - 1))) k--;
  const len = end - k;
  if (len < 2 || len > 20 || k === 0) return -1;
  const c = text.charCodeAt(k - 1);
  return c >= 65 && c <= 90 ? k - 1 : -1;
}

/**
 * The leftmost start >= `from` of one to three city words (single blanks between) ending at the
 * comma at `comma`, with a word boundary before it; -1 if none. The leftmost start is the one a
 * left-to-right scan of the city-state pattern would have matched.
 */
function cityStart(text: string, comma: number, from: number): number {
  const w1 = cityWordStart(text, comma);
  if (w1 === -1) return -1;
  const starts = [w1];
  let w = w1;
  while (starts.length < 3 && w >= 2) {
    const gap = text.charCodeAt(w - 1);
    if (gap !== 32 && gap !== 9) break;
    const prev = cityWordStart(text, w - 1);
    if (prev === -1) break;
    starts.push(prev);
    w = prev;
  }
  for (let k = starts.length - 1; k >= 0; k--) {
    const s = starts[k]!;
    if (s >= from && (s === 0 || !isAsciiLetter(text.charCodeAt(s - 1)))) return s;
  }
  return -1;
}

/**
 * A city before a state code ("Boston, MA"): one to three title-case words, a comma and the
 * code; the city is masked (Safe Harbor 2), the state kept. The same matches as
 * `\b([A-Z][a-z]{2,20}(?:[ \t][A-Z][a-z]{2,20}){0,2}),[ \t]{1,2}(?:ST)\b`, found from the rare
 * ", ST" (a pattern that starts with a literal is scanned fast) back to the city words.
 */
export const cityState: RecognizerDeclaration = {
  id: 'city-state',
  category: 'address',
  priority: Priority.address,
  rule: 'value:address',
  prefilter: { upper: true, chars: { set: ',' }, words: { list: US_STATE_CODES, case: 'exact' } },
  create: () => {
    const re = new RegExp(`,[ \\t]{1,2}(?:${stateAlt})(?![A-Za-z0-9])`, 'g');
    return (text, out) => {
      re.lastIndex = 0;
      let from = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const start = cityStart(text, m.index, from);
        if (start === -1) continue;
        out.push({ start, end: m.index, category: 'address', rule: 'value:address', priority: Priority.address });
        from = m.index + m[0].length;
      }
    };
  },
};
