import type { DigitShape, Prefilter, WordCue } from './recognizer.js';

/**
 * What one pass over a string found, in the vocabulary of `Prefilter`: the numbers every
 * pre-filter may ask for, the counts of the characters some declaration names, and one bit per
 * declared digit shape and word cue that occurs.
 */
export interface TextFacts {
  readonly digits: number;
  readonly maxDigitRun: number;
  readonly maxUpperAlnumRun: number;
  readonly maxTokenRun: number;
  readonly upper: boolean;
  /** Count of each declared character, by slot (`TextFactsPass.slot`). */
  readonly chars: Int32Array;
  /** Bit i: declared substring i occurs. */
  readonly substrings: number;
  /** `FACT_DIGIT` and `FACT_UPPER`, for the registry's quick test. */
  readonly flags: number;
  /** Bit i: declared shape i occurs. */
  readonly shapes: number;
  /** Bit i: word cue i occurs (cues beyond 31 share bit 31, which only makes it pass more often). */
  readonly cues: number;
}

/** A compiled pre-filter: false means no match is possible in `text`. */
export type CompiledPrefilter = (facts: TextFacts, text: string) => boolean;

export const FACT_DIGIT = 1;
export const FACT_UPPER = 2;

/**
 * Bits every alternative of a pre-filter needs: the registry tests them with three integer
 * masks before it calls the pre-filter itself (most strings fail there).
 */
export interface PrefilterNeeds {
  readonly flags: number;
  readonly shapes: number;
  readonly cues: number;
  readonly substrings: number;
}

const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
/** Ends a token (whitespace, quotes, brackets, comma, semicolon). */
const BOUNDARY = 8;
/** A character some declaration counts. */
const COUNTED = 16;
const LETTER = UPPER | LOWER;

/** Token boundaries: whitespace, `"`, `'`, `(`, `)`, `,`, `;`, `<`, `>`, `[`, `]`, `{`, `}`. */
export function isTokenBoundary(c: number): boolean {
  return c <= 32 || c === 34 || c === 39 || c === 40 || c === 41 || c === 44 || c === 59 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125;
}

const MAX_CUE_BIT = 31;
const cueIndex = (a: number, b: number, c: number): number => (a * 27 + b) * 27 + c;

function letterIndex(c: number): number {
  if (c >= 65 && c <= 90) return c - 64;
  if (c >= 97 && c <= 122) return c - 96;
  return 0;
}

interface CompiledShape {
  readonly bit: number;
  readonly lo: number;
  readonly hi: number;
  /** 128 flags: the character after the run may be this one (undefined: any, end of string included). */
  readonly after: Uint8Array | undefined;
  readonly then: Uint8Array | undefined;
  readonly next: readonly [number, number] | undefined;
}

function asciiSet(chars: string, what: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const ch of chars) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c >= 128) throw new Error(`${what}: only ASCII characters (got ${JSON.stringify(ch)})`);
    set[c] = 1;
  }
  return set;
}

/**
 * The one pre-filter pass of a registry, built from its declarations: which characters it
 * counts, which digit shapes it looks for at the end of each digit run and which word cues it
 * looks up (one table lookup of a word's first three letters) at the start of each word.
 */
export class TextFactsPass {
  private readonly cls = new Uint8Array(128);
  private readonly slots = new Int8Array(128).fill(-1);
  private slotCount = 0;
  private readonly shapes: CompiledShape[] = [];
  /** Runs longer than this match no shape (and runs are looked up by length up to it). */
  private shapeMaxRun = 0;
  /**
   * By (run length, following character): the shapes a run of that length satisfies at once
   * (`direct`), those whose `then` character is still to be checked, and those waiting for a
   * `next` run. Built when the facts are first asked for; `anyAfter[run]` holds the shapes
   * without `after`, which the end of the text satisfies too.
   */
  private direct = new Int32Array(0);
  private needThen = new Int32Array(0);
  private needNext = new Int32Array(0);
  private anyAfter = new Int32Array(0);
  private tablesFor = -1;
  private readonly anyCase = new Int32Array(27 * 27 * 27);
  private readonly capitalised = new Int32Array(27 * 27 * 27);
  /** Exact cues by the case of their first letter (most exact words are capitals: "in" never looks "IN" up). */
  private readonly exactCap = new Int32Array(27 * 27 * 27);
  private readonly exactLower = new Int32Array(27 * 27 * 27);
  private readonly exactWords: Array<ReadonlySet<string>> = [];
  private cueCount = 0;
  /** Substrings by the code of the character they are anchored at (their first non-letter). */
  private readonly anchors: Array<Array<{ readonly bit: number; readonly s: string; readonly offset: number }> | undefined> = [];
  private readonly anchored = new Uint8Array(128);
  private readonly unanchored: Array<{ readonly bit: number; readonly re: RegExp }> = [];
  private substringCount = 0;
  /** Reused by every `facts` call: a TextFacts is valid until the next call (scanning is synchronous). */
  private counts = new Int32Array(0);

  constructor() {
    for (let c = 0; c < 128; c++) {
      if (c >= 48 && c <= 57) this.cls[c] = DIGIT;
      else if (c >= 65 && c <= 90) this.cls[c] = UPPER;
      else if (c >= 97 && c <= 122) this.cls[c] = LOWER;
      if (isTokenBoundary(c)) this.cls[c] = this.cls[c]! | BOUNDARY;
    }
  }

  /** The slot that counts `ch` (an ASCII character that is neither letter nor digit). */
  slot(ch: string): number {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c >= 128 || (this.cls[c]! & (DIGIT | LETTER)) !== 0) throw new Error(`pre-filter chars: only ASCII punctuation or blanks (got ${JSON.stringify(ch)})`);
    if (this.slots[c] === -1) {
      this.slots[c] = this.slotCount++;
      this.cls[c] = this.cls[c]! | COUNTED;
    }
    return this.slots[c]!;
  }

  /** Compiles one declaration's pre-filter (an array: any of its alternatives) and the bits all its alternatives need. */
  compile(prefilter: Prefilter | readonly Prefilter[]): { test: CompiledPrefilter; needs: PrefilterNeeds } {
    const alternatives = (Array.isArray(prefilter) ? prefilter : [prefilter]) as readonly Prefilter[];
    if (alternatives.length === 0) throw new Error('a pre-filter needs at least one alternative');
    const compiled = alternatives.map((p) => this.compileOne(p));
    const needs = compiled.map((c) => c.needs).reduce((a, b) => ({ flags: a.flags & b.flags, shapes: a.shapes & b.shapes, cues: a.cues & b.cues, substrings: a.substrings & b.substrings }));
    const tests = compiled.map((c) => c.test);
    if (tests.length === 1) return { test: tests[0]!, needs };
    return {
      test: (facts, text) => {
        for (const t of tests) if (t(facts, text)) return true;
        return false;
      },
      needs,
    };
  }

  private compileOne(p: Prefilter): { test: CompiledPrefilter; needs: PrefilterNeeds } {
    const digits = p.digits ?? 0;
    const digitRun = p.digitRun ?? 0;
    const upperAlnumRun = p.upperAlnumRun ?? 0;
    const tokenRun = p.tokenRun ?? 0;
    const upper = p.upper === true;
    const slots = p.chars === undefined ? [] : [...new Set(p.chars.set)].map((ch) => this.slot(ch));
    const minChars = p.chars?.min ?? 1;
    const shapeBit = p.shape === undefined ? 0 : this.addShape(p.shape);
    const cueBit = p.words === undefined ? 0 : this.addCue(p.words);
    const substringBits = p.substrings === undefined ? 0 : this.addSubstrings(p.substrings);
    const flags = (digits > 0 || digitRun > 0 ? FACT_DIGIT : 0) | (upper ? FACT_UPPER : 0);
    const test: CompiledPrefilter = (f) => {
      if (f.digits < digits || f.maxDigitRun < digitRun || f.maxUpperAlnumRun < upperAlnumRun || f.maxTokenRun < tokenRun) return false;
      if (upper && !f.upper) return false;
      if ((f.shapes & shapeBit) !== shapeBit || (f.cues & cueBit) !== cueBit) return false;
      if (substringBits !== 0 && (f.substrings & substringBits) === 0) return false;
      if (slots.length > 0) {
        let n = 0;
        for (const s of slots) n += f.chars[s]!;
        if (n < minChars) return false;
      }
      return true;
    };
    // Several substrings are alternatives: only a lone one is a need of its own.
    return { test, needs: { flags, shapes: shapeBit, cues: cueBit, substrings: p.substrings?.length === 1 ? substringBits : 0 } };
  }

  /**
   * Substrings are found where their first character that is neither letter nor digit occurs
   * (`://` at `:`, `www.` at `.`), checked around it in any case; one without such a character
   * is looked for with a case-insensitive pattern.
   */
  private addSubstrings(list: readonly string[]): number {
    let bits = 0;
    for (const s of list) {
      if (s === '') throw new Error('an empty pre-filter substring');
      const bit = 1 << Math.min(this.substringCount++, 31);
      bits |= bit;
      const offset = [...s].findIndex((ch) => ch.charCodeAt(0) < 128 && !/[A-Za-z0-9]/.test(ch));
      if (offset === -1) {
        this.unanchored.push({ bit, re: new RegExp(s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i') });
        continue;
      }
      const c = s.charCodeAt(offset);
      this.slot(s[offset]!);
      this.anchored[c] = 1;
      const at = this.anchors[c] ?? [];
      at.push({ bit, s: s.toLowerCase(), offset });
      this.anchors[c] = at;
    }
    return bits;
  }

  private addShape(s: DigitShape): number {
    if (this.shapes.length >= 31) throw new Error('at most 31 digit shapes per registry');
    if (s.then !== undefined && s.next !== undefined) throw new Error('a digit shape has `then` or `next`, not both');
    if ((s.then !== undefined || s.next !== undefined) && s.after === undefined) throw new Error('a digit shape with `then` or `next` needs `after`');
    // Run ends are looked up in tables by length: a shape is about a short run.
    if (!(s.run[0] >= 1 && s.run[0] <= s.run[1] && s.run[1] <= 64)) throw new Error('a digit shape runs 1 to 64 digits');
    const bit = 1 << this.shapes.length;
    this.shapes.push({
      bit,
      lo: s.run[0],
      hi: s.run[1],
      after: s.after === undefined ? undefined : asciiSet(s.after, 'shape after'),
      then: s.then === undefined ? undefined : asciiSet(s.then, 'shape then'),
      next: s.next,
    });
    this.shapeMaxRun = Math.max(this.shapeMaxRun, s.run[1]);
    return bit;
  }

  private addCue(cue: WordCue): number {
    const i = Math.min(this.cueCount++, MAX_CUE_BIT);
    const bit = 1 << i;
    const mode = cue.case ?? 'any';
    const tableOf = (w: string): Int32Array => (mode === 'any' ? this.anyCase : mode === 'capitalised' ? this.capitalised : /^[A-Z]/.test(w) ? this.exactCap : this.exactLower);
    if (mode === 'exact') {
      const set = new Set(this.exactWords[i] ?? []);
      for (const w of cue.list) {
        if (!/^[A-Za-z]+$/.test(w)) throw new Error(`exact word cues are letters only (got ${JSON.stringify(w)})`);
        set.add(w);
      }
      this.exactWords[i] = set;
    }
    for (const w of cue.list) {
      const run = /^[A-Za-z]+/.exec(w)?.[0];
      if (run === undefined) throw new Error(`a context word starts with a letter (got ${JSON.stringify(w)})`);
      if (mode === 'capitalised' && !/^[A-Z]/.test(run)) throw new Error(`a capitalised word cue starts with a capital (got ${JSON.stringify(w)})`);
      markPrefix(tableOf(run), run.toLowerCase().slice(0, 3), bit, mode === 'exact' ? run.length : undefined);
      // A capitalised word starts an any-case cue too: `capitalised` holds both, so a word costs one lookup.
      if (mode === 'any') markPrefix(this.capitalised, run.toLowerCase().slice(0, 3), bit);
    }
    return bit;
  }

  /** One pass over `text`. */
  facts(text: string): TextFacts {
    const cls = this.cls;
    if (this.tablesFor !== this.shapes.length) this.buildShapeTables();
    if (this.counts.length !== this.slotCount) this.counts = new Int32Array(this.slotCount);
    const chars = this.counts;
    chars.fill(0);
    // Fields read in the loop, as locals (the loop calls methods, so they would be re-read from `this`).
    const slots = this.slots;
    const anchored = this.anchored;
    const shapeMaxRun = this.shapeMaxRun;
    const anyAfter = this.anyAfter;
    const direct = this.direct;
    const needThen = this.needThen;
    const needNext = this.needNext;
    let substrings = 0;
    let digits = 0;
    let run = 0;
    let runStart = 0;
    let maxDigitRun = 0;
    let alnumRun = 0;
    let maxUpperAlnumRun = 0;
    let tokenRun = 0;
    let maxTokenRun = 0;
    let upper = false;
    let cues = 0;
    let shapes = 0;
    /** Shapes waiting for their `next` run, which must start at `pendingAt`. */
    let pending = 0;
    let pendingAt = -1;
    let inWord = false;
    let lowerBefore = false;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const f = c < 128 ? cls[c]! : 0;
      if ((f & LETTER) !== 0) {
        // A capital after a lower-case letter starts a word too ("visitMRN", "homeZip").
        if (!inWord || (lowerBefore && (f & UPPER) !== 0)) {
          inWord = true;
          cues |= this.wordCues(text, i, c);
        }
        lowerBefore = (f & LOWER) !== 0;
      } else {
        inWord = false;
        lowerBefore = false;
      }
      if ((f & BOUNDARY) === 0) tokenRun++;
      else {
        if (tokenRun > maxTokenRun) maxTokenRun = tokenRun;
        tokenRun = 0;
      }
      if ((f & DIGIT) !== 0) {
        if (run === 0) runStart = i;
        digits++;
        run++;
        alnumRun++;
        continue;
      }
      if (run > 0) {
        if (run > maxDigitRun) maxDigitRun = run;
        if (pending !== 0) {
          if (runStart === pendingAt) shapes |= this.nextShapes(pending, run);
          pending = 0;
        }
        if (run <= shapeMaxRun) {
          shapes |= anyAfter[run]!;
          if (c < 128) {
            const k = run * 128 + c;
            shapes |= direct[k]!;
            const then = needThen[k]!;
            if (then !== 0) shapes |= this.thenShapes(then, text.charCodeAt(i + 1));
            const next = needNext[k]!;
            if (next !== 0) {
              pending = next;
              pendingAt = i + 1;
            }
          }
        }
        run = 0;
      }
      if ((f & UPPER) !== 0) {
        upper = true;
        alnumRun++;
        continue;
      }
      if (alnumRun > maxUpperAlnumRun) maxUpperAlnumRun = alnumRun;
      alnumRun = 0;
      if ((f & COUNTED) !== 0) {
        chars[slots[c]!]!++;
        if (anchored[c] === 1) substrings |= this.anchoredAt(text, i, c);
      } else if (c > 127 && !upper && text[i]!.toLowerCase() !== text[i]) upper = true;
    }
    if (run > 0) {
      if (run > maxDigitRun) maxDigitRun = run;
      if (pending !== 0 && runStart === pendingAt) shapes |= this.nextShapes(pending, run);
      if (run <= shapeMaxRun) shapes |= anyAfter[run]!;
    }
    if (alnumRun > maxUpperAlnumRun) maxUpperAlnumRun = alnumRun;
    if (tokenRun > maxTokenRun) maxTokenRun = tokenRun;
    for (const u of this.unanchored) if (u.re.test(text)) substrings |= u.bit;
    const flags = (digits > 0 ? FACT_DIGIT : 0) | (upper ? FACT_UPPER : 0);
    return { digits, maxDigitRun, maxUpperAlnumRun, maxTokenRun, upper, chars, substrings, flags, shapes, cues };
  }

  /** The bits of the substrings anchored at `c` that occur around `i`. */
  private anchoredAt(text: string, i: number, c: number): number {
    let bits = 0;
    for (const a of this.anchors[c]!) {
      const start = i - a.offset;
      if (start < 0 || start + a.s.length > text.length) continue;
      let k = 0;
      while (k < a.s.length && (text.charCodeAt(start + k) | (isAsciiLetterCode(text.charCodeAt(start + k)) ? 32 : 0)) === a.s.charCodeAt(k)) k++;
      if (k === a.s.length) bits |= a.bit;
    }
    return bits;
  }

  /** Facts under which every pre-filter passes (the pre-filters switched off). */
  open(text: string): TextFacts {
    const f = this.facts(text);
    return {
      ...f,
      digits: Infinity,
      maxDigitRun: Infinity,
      maxUpperAlnumRun: Infinity,
      maxTokenRun: Infinity,
      upper: true,
      chars: f.chars.map(() => 1 << 30),
      substrings: -1,
      flags: -1,
      shapes: -1,
      cues: -1,
    };
  }

  private buildShapeTables(): void {
    const size = (this.shapeMaxRun + 1) * 128;
    this.direct = new Int32Array(size);
    this.needThen = new Int32Array(size);
    this.needNext = new Int32Array(size);
    this.anyAfter = new Int32Array(this.shapeMaxRun + 1);
    for (const s of this.shapes) {
      for (let run = s.lo; run <= Math.min(s.hi, this.shapeMaxRun); run++) {
        if (s.after === undefined) {
          this.anyAfter[run]! |= s.bit;
          continue;
        }
        for (let c = 0; c < 128; c++) {
          if (s.after[c] !== 1) continue;
          const table = s.then !== undefined ? this.needThen : s.next !== undefined ? this.needNext : this.direct;
          table[run * 128 + c]! |= s.bit;
        }
      }
    }
    this.tablesFor = this.shapes.length;
  }

  private thenShapes(candidates: number, t: number): number {
    let bits = 0;
    for (const s of this.shapes) if ((candidates & s.bit) !== 0 && t < 128 && s.then![t] === 1) bits |= s.bit;
    return bits;
  }

  private nextShapes(pending: number, run: number): number {
    let bits = 0;
    for (const s of this.shapes) if ((pending & s.bit) !== 0 && run >= s.next![0] && run <= s.next![1]) bits |= s.bit;
    return bits;
  }

  /** The cue bits of the letter run starting at `i`. */
  private wordCues(text: string, i: number, c0: number): number {
    const a = letterIndex(c0);
    const b = letterIndex(text.charCodeAt(i + 1));
    const c = b === 0 ? 0 : letterIndex(text.charCodeAt(i + 2));
    const k = cueIndex(a, b, c);
    const cues = c0 <= 90 ? this.capitalised[k]! : this.anyCase[k]!;
    const exact = c0 <= 90 ? this.exactCap[k]! : this.exactLower[k]!;
    return exact === 0 ? cues : cues | this.exactCues(text, i, exact);
  }

  /** The exact cues among `candidates` that the letter run at `i` is (kept out of `wordCues` so that stays small enough to inline). */
  private exactCues(text: string, i: number, candidates: number): number {
    let end = i + 1;
    while (end < text.length && letterIndex(text.charCodeAt(end)) !== 0) end++;
    const word = text.slice(i, end);
    let cues = 0;
    for (let left = candidates; left !== 0; ) {
      const low = left & -left;
      if (this.exactWords[31 - Math.clz32(low)]!.has(word)) cues |= low;
      left ^= low;
    }
    return cues;
  }
}

/**
 * Marks every letter run that starts with `prefix` (1 to 3 lower-case letters); a one-letter
 * word only when it stands alone. With `length` (exact words), only runs of that length, if
 * they are no longer than three letters.
 */
function markPrefix(table: Int32Array, prefix: string, bit: number, length?: number): void {
  const l = [...prefix].map((ch) => ch.charCodeAt(0) - 96);
  if (length !== undefined && length <= 3) {
    table[cueIndex(l[0]!, l[1] ?? 0, l[2] ?? 0)]! |= bit;
    return;
  }
  if (l.length === 1) {
    table[cueIndex(l[0]!, 0, 0)]! |= bit;
    return;
  }
  for (let b = 0; b < 27; b++) {
    if (b !== l[1]) continue;
    for (let c = 0; c < 27; c++) {
      if (l.length >= 3 && c !== l[2]) continue;
      table[cueIndex(l[0]!, b, c)]! |= bit;
    }
  }
}

function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
