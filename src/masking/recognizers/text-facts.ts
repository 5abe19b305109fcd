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
  /** Bit i: declared shape i occurs. */
  readonly shapes: number;
  /** Bit i: word cue i occurs (cues beyond 31 share bit 31, which only makes it pass more often). */
  readonly cues: number;
}

/** A compiled pre-filter: false means no match is possible in `text`. */
export type CompiledPrefilter = (facts: TextFacts, text: string) => boolean;

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
  private shapeMaxRun = 0;
  private readonly anyCase = new Int32Array(27 * 27 * 27);
  private readonly capitalised = new Int32Array(27 * 27 * 27);
  private readonly exact = new Int32Array(27 * 27 * 27);
  private readonly exactWords: Array<ReadonlySet<string>> = [];
  private cueCount = 0;

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

  /** Compiles one declaration's pre-filter (an array: any of its alternatives). */
  compile(prefilter: Prefilter | readonly Prefilter[]): CompiledPrefilter {
    const alternatives = (Array.isArray(prefilter) ? prefilter : [prefilter]) as readonly Prefilter[];
    if (alternatives.length === 0) throw new Error('a pre-filter needs at least one alternative');
    const tests = alternatives.map((p) => this.compileOne(p));
    if (tests.length === 1) return tests[0]!;
    return (facts, text) => {
      for (const t of tests) if (t(facts, text)) return true;
      return false;
    };
  }

  private compileOne(p: Prefilter): CompiledPrefilter {
    const digits = p.digits ?? 0;
    const digitRun = p.digitRun ?? 0;
    const upperAlnumRun = p.upperAlnumRun ?? 0;
    const tokenRun = p.tokenRun ?? 0;
    const upper = p.upper === true;
    const slots = p.chars === undefined ? [] : [...new Set(p.chars.set)].map((ch) => this.slot(ch));
    const minChars = p.chars?.min ?? 1;
    const shapeBit = p.shape === undefined ? 0 : this.addShape(p.shape);
    const cueBit = p.words === undefined ? 0 : this.addCue(p.words);
    const substrings = p.substrings === undefined ? undefined : substringTest(p.substrings);
    return (f, text) => {
      if (f.digits < digits || f.maxDigitRun < digitRun || f.maxUpperAlnumRun < upperAlnumRun || f.maxTokenRun < tokenRun) return false;
      if (upper && !f.upper) return false;
      if ((f.shapes & shapeBit) !== shapeBit || (f.cues & cueBit) !== cueBit) return false;
      if (slots.length > 0) {
        let n = 0;
        for (const s of slots) n += f.chars[s]!;
        if (n < minChars) return false;
      }
      return substrings === undefined || substrings(text);
    };
  }

  private addShape(s: DigitShape): number {
    if (this.shapes.length >= 31) throw new Error('at most 31 digit shapes per registry');
    if (s.then !== undefined && s.next !== undefined) throw new Error('a digit shape has `then` or `next`, not both');
    if ((s.then !== undefined || s.next !== undefined) && s.after === undefined) throw new Error('a digit shape with `then` or `next` needs `after`');
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
    const table = mode === 'any' ? this.anyCase : mode === 'capitalised' ? this.capitalised : this.exact;
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
      markPrefix(table, run.toLowerCase().slice(0, 3), bit, mode === 'exact' ? run.length : undefined);
    }
    return bit;
  }

  /** One pass over `text`. */
  facts(text: string): TextFacts {
    const cls = this.cls;
    const chars = new Int32Array(this.slotCount);
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
        if (run <= this.shapeMaxRun) {
          for (const s of this.shapes) {
            if (run < s.lo || run > s.hi) continue;
            if (s.after === undefined) shapes |= s.bit;
            else if (c < 128 && s.after[c] === 1) {
              if (s.then !== undefined) {
                const t = text.charCodeAt(i + 1);
                if (t < 128 && s.then[t] === 1) shapes |= s.bit;
              } else if (s.next !== undefined) {
                pending |= s.bit;
                pendingAt = i + 1;
              } else shapes |= s.bit;
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
      if ((f & COUNTED) !== 0) chars[this.slots[c]!]!++;
      else if (c > 127 && !upper && text[i]!.toLowerCase() !== text[i]) upper = true;
    }
    if (run > 0) {
      if (run > maxDigitRun) maxDigitRun = run;
      if (pending !== 0 && runStart === pendingAt) shapes |= this.nextShapes(pending, run);
      if (run <= this.shapeMaxRun) for (const s of this.shapes) if (s.after === undefined && run >= s.lo && run <= s.hi) shapes |= s.bit;
    }
    if (alnumRun > maxUpperAlnumRun) maxUpperAlnumRun = alnumRun;
    if (tokenRun > maxTokenRun) maxTokenRun = tokenRun;
    return { digits, maxDigitRun, maxUpperAlnumRun, maxTokenRun, upper, chars, shapes, cues };
  }

  /** Facts under which every pre-filter passes (the pre-filters switched off). */
  open(text: string): TextFacts {
    const f = this.facts(text);
    return { ...f, digits: Infinity, maxDigitRun: Infinity, maxUpperAlnumRun: Infinity, maxTokenRun: Infinity, upper: true, chars: f.chars.map(() => 1 << 30), shapes: -1, cues: -1 };
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
    let cues = this.anyCase[k]!;
    if (c0 <= 90) cues |= this.capitalised[k]!;
    const exact = this.exact[k]!;
    if (exact !== 0) {
      let end = i + 1;
      while (end < text.length && letterIndex(text.charCodeAt(end)) !== 0) end++;
      const word = text.slice(i, end);
      for (let bit = 0; bit <= MAX_CUE_BIT; bit++) if ((exact & (1 << bit)) !== 0 && this.exactWords[bit]!.has(word)) cues |= 1 << bit;
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

function substringTest(list: readonly string[]): (text: string) => boolean {
  const letters = list.some((s) => /[A-Za-z]/.test(s));
  if (!letters) return (text) => list.some((s) => text.includes(s));
  const re = new RegExp(list.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');
  return (text) => re.test(text);
}
