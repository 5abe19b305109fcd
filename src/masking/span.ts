import type { PhiCategory } from './phi-category.js';

/** A stretch of text a detector found. `category: null` marks text that must be left alone (our own output, base64). */
export interface Span {
  start: number;
  end: number;
  category: PhiCategory | null;
  /** Detector id for the summary, e.g. `value:ssn`. */
  rule: string;
  /** Wins over lower priorities when spans overlap. */
  priority: number;
  /** A birth date (its year may have to go too). */
  birth?: boolean;
}

export const Priority = {
  protected: 100,
  url: 90,
  email: 85,
  /** A recognized look-alike that is no PHI (a provider's NPI after its label): kept, over the labelled value it would otherwise be. */
  notPhi: 82,
  labelled: 80,
  ssn: 75,
  date: 70,
  phone: 65,
  ip: 60,
  vin: 55,
  zip: 50,
  age: 45,
  address: 40,
  name: 30,
} as const;

/** What may sit between a value and the name part next to it. */
const separatorRe = /[\s,;:.]/;

/** Set by `resolveSpans` when a value lost to a better one that covers only part of it. */
export interface ResolveReport {
  partlyCovered: boolean;
}

/**
 * Keeps the best non-overlapping spans (priority, then length) in text order.
 * Protected spans are dropped from the result after they have blocked what they cover.
 */
export function resolveSpans(spans: Span[], text: string, report?: ResolveReport): Span[] {
  if (spans.length === 0) return spans;
  if (spans.length === 1) return spans[0]!.category === null ? [] : spans;
  if (spans.length <= 16) insertionSort(spans);
  else spans.sort(better);
  const accepted: Span[] = [];
  let protectedSpans = false;
  for (const span of spans) {
    // Binary search for the first accepted span ending after this one starts.
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (accepted[mid]!.end <= span.start) lo = mid + 1;
      else hi = mid;
    }
    const next = accepted[lo];
    if (next !== undefined && next.start < span.end) {
      if (report !== undefined && span.category !== null && (span.start < next.start || span.end > next.end)) report.partlyCovered = true;
      if (span.category !== 'name' && span.category !== 'address') continue;
      // "MRN: 12345678Jennifer Smith": the labelled value swallowed "Jennifer", but what the
      // name span holds beyond it ("Smith") is still a name. Kept now, or a second pass over
      // the output would find it (masking must be idempotent).
      const after = accepted[lo + 1];
      if (span.end > next.end && (after === undefined || after.start >= span.end)) {
        let start = next.end;
        while (start < span.end && separatorRe.test(text[start]!)) start++;
        if (span.end - start >= 2) accepted.splice(lo + 1, 0, { ...span, start });
      }
      // "Patient: Zorba Quillann@example.com": the email wins, but "Zorba" is still a name.
      if (span.start < next.start) {
        let end = next.start;
        while (end > span.start && separatorRe.test(text[end - 1]!)) end--;
        const prev = accepted[lo - 1];
        if (end - span.start >= 2 && (prev === undefined || prev.end <= span.start)) accepted.splice(lo, 0, { ...span, end });
      }
      continue;
    }
    if (span.category === null) protectedSpans = true;
    if (lo === accepted.length) accepted.push(span);
    else accepted.splice(lo, 0, span);
  }
  return protectedSpans ? accepted.filter((s) => s.category !== null) : accepted;
}

/** Sort order: higher priority first, then longer, then earlier. */
function better(a: Span, b: Span): number {
  return b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/** A free-text string yields a handful of spans: sorting them in place beats the generic sort's setup. */
function insertionSort(spans: Span[]): void {
  for (let i = 1; i < spans.length; i++) {
    const span = spans[i]!;
    let j = i - 1;
    while (j >= 0 && better(spans[j]!, span) > 0) {
      spans[j + 1] = spans[j]!;
      j--;
    }
    spans[j + 1] = span;
  }
}
