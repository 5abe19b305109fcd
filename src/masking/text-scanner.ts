import { isBase64Payload } from './base64-payload.js';
import type { ExtraRecognizer } from './custom/extra-recognizer.js';
import type { MaskContext } from './mask-context.js';
import type { NameDictionary } from './name-detector.js';
import { detectNames } from './name-detector.js';
import type { RecognizerRegistry } from './recognizers/recognizer-registry.js';
import type { TextFacts } from './recognizers/text-facts.js';
import { isTokenBoundary } from './recognizers/text-facts.js';
import type { ResolveReport, Span } from './span.js';
import { resolveSpans } from './span.js';

/** A half-open range [start, end) of text, e.g. an XHTML tag that rendering keeps as it is. */
export type Range = readonly [number, number];

// Placeholders, tokens and the starred partial forms (`***-**-6789`, `****78BO`): the characters
// a partial form keeps must not be read again as a new value ("****aged 93" is no age). A token
// is ours whatever it is glued to ("6789tok_ssn_…", "tok_ssn_…_scan"), as values are.
const placeholderRe = /\[REDACTED:[A-Z0-9_]{1,24}\]|tok_[a-z0-9_]{1,24}_[0-9a-f]{16}(?![0-9a-f])|\*{3,}[-*]{0,8}[A-Za-z0-9]{0,4}/g;
const minBase64Token = 40;
/** The characters our own output forms start with; the scanner asks the registry to count them. */
export const OWN_OUTPUT_CHARS = '[_*';

/**
 * Whole tokens that are base64 payloads (or data: URIs) are skipped as a unit: they are
 * attachments, not text, and scanning them character by character only yields noise.
 */
function findBase64Tokens(text: string, out: Array<[number, number]>): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isTokenBoundary(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isTokenBoundary(text.charCodeAt(i))) i++;
    if (i - start < minBase64Token) continue;
    if (isBase64Payload(text, start, i) || (text.startsWith('data:', start) && text.slice(start, Math.min(i, start + 120)).includes(';base64,'))) {
      out.push([start, i]);
    }
  }
}

/**
 * Finds PHI spans in free text: the registry's recognizers, then names. Stateless between
 * calls; one per engine and set of enabled recognizers. Extra recognizers (an operator's own)
 * come in through the registry it is given: `createRecognizerRegistry([...BUILT_IN_RECOGNIZERS, ...extra])`.
 */
export class TextScanner {
  /** Scratch for `resolveSpans` (scanning is synchronous: one string at a time). */
  private readonly report: ResolveReport = { partlyCovered: false };
  /** Slots of the characters our own output forms start with: `[REDACTED:`, `tok_`, `***`. */
  private readonly ownSlots: readonly number[];

  /** `registry` must have been built with `extraChars: OWN_OUTPUT_CHARS`; `extra`: operator-declared recognizers (custom/), run on every string, lower-case ones too. */
  constructor(
    private readonly registry: RecognizerRegistry,
    private readonly names: NameDictionary,
    private readonly extra?: readonly ExtraRecognizer[],
  ) {
    this.ownSlots = [...OWN_OUTPUT_CHARS].map((ch) => registry.charSlot(ch));
  }

  /** Resolved, non-overlapping PHI spans in text order. (XHTML callers blank their tags first.) */
  findSpans(text: string): Span[] {
    // Facts of the raw text first: most strings have no placeholder or payload to blank.
    let facts = this.registry.facts(text);
    const own: Array<[number, number]> = [];
    if (this.ownSlots.some((s) => facts.chars[s]! > 0) && (text.includes('[REDACTED:') || text.includes('tok_') || text.includes('***'))) {
      for (const m of text.matchAll(placeholderRe)) own.push([m.index, m.index + m[0].length]);
    }
    if (facts.maxTokenRun >= minBase64Token) findBase64Tokens(text, own);
    // Our own output is blanked with '_' (a word character, like the value it replaced, so the
    // text around it reads the same on a second pass).
    const shadow = own.length === 0 ? text : blank(text, own, '_');
    if (shadow !== text) facts = this.registry.facts(shadow);
    // Names need a capital; the rest is what the recognizers' pre-filters say (an operator's
    // lower-case recognizer is not blocked here).
    if (this.extra === undefined && !facts.upper && !this.registry.anyCanFire(shadow, facts)) return [];
    if (own.length > 1) own.sort((a, b) => a[0] - b[0]);
    const spans = this.detect(shadow, facts, own);
    if (!this.report.partlyCovered) return spans;
    // A value lost to a better one that covers only part of it ("March 3, 1950-ann@x.org": the
    // email takes "1950"): what is left of it is looked at again with the winners blanked, as a
    // second pass over our own output would ("March 3, [REDACTED:EMAIL]"), so masking is idempotent.
    const taken = spans.map((s): [number, number] => [s.start, s.end]);
    const again = blank(shadow, taken, '_');
    const more = this.detect(again, this.registry.facts(again), own).filter((s) => !overlapsAny(taken, s.start, s.end));
    return more.length === 0 ? spans : resolveSpans([...spans, ...more], shadow);
  }

  /** One round of detection: values and names, resolved. */
  private detect(shadow: string, facts: TextFacts, own: ReadonlyArray<readonly [number, number]>): Span[] {
    this.report.partlyCovered = false;
    let spans: Span[] = [];
    this.registry.detect(shadow, facts, spans);
    if (facts.upper) detectNames(shadow, this.names, spans);
    if (this.extra !== undefined) for (const r of this.extra) r.findAll(shadow, spans);
    // Our own output and payloads are never part of a value (tags may be: a name across <b> tags).
    if (own.length > 0) spans = spans.filter((s) => !overlapsAny(own, s.start, s.end));
    return resolveSpans(spans, shadow, this.report);
  }
}

/** `ranges` sorted by start and disjoint (as `blank` leaves them). */
function overlapsAny(ranges: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const r = ranges[lo];
  return r !== undefined && r[0] < end;
}

/** `text` with the given ranges overwritten by `filler` (same length, so offsets still hold). */
function blank(text: string, ranges: Array<[number, number]>, filler: string): string {
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let pos = 0;
  for (const [a, b] of ranges) {
    if (b <= pos) continue;
    const from = Math.max(a, pos);
    parts.push(text.slice(pos, from), filler.repeat(b - from));
    pos = b;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

/**
 * Writes `text[from, to)` with every span replaced. A span that starts before `from` (its
 * head already went out) still has its tail replaced. `tags` are sorted ranges kept verbatim
 * inside a span (XHTML markup): the span's text pieces collapse into one replacement.
 */
export function renderSpans(
  text: string,
  spans: readonly Span[],
  ctx: MaskContext,
  from = 0,
  to = text.length,
  tags?: readonly Range[],
): string {
  let out = '';
  let pos = from;
  for (const span of spans) {
    if (span.end <= from || span.start >= to || span.category === null) continue;
    const start = Math.max(span.start, from);
    out += text.slice(pos, start);
    const original = text.slice(span.start, span.end);
    const tagsInside = tags?.filter(([a, b]) => a < span.end && b > span.start);
    if (tagsInside === undefined || tagsInside.length === 0) {
      out += ctx.apply(span.category, original, span.rule, span.birth ? { birth: true } : undefined);
    } else {
      const plain = blank(original, tagsInside.map(([a, b]) => [a - span.start, b - span.start]), ' ').replace(/\s+/g, ' ').trim();
      out += ctx.apply(span.category, plain, span.rule);
      for (const [a, b] of tagsInside) out += text.slice(Math.max(a, start), b);
    }
    pos = Math.min(span.end, to);
    if (span.end > to) break;
  }
  return out + text.slice(pos, to);
}

/** Masks a whole string of free text. */
export function maskFreeText(scanner: TextScanner, text: string, ctx: MaskContext): string {
  const spans = scanner.findSpans(text);
  return spans.length === 0 ? text : renderSpans(text, spans, ctx);
}
