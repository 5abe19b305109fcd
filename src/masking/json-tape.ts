import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/** Token kinds on a JSON tape. */
export const enum Tok {
  Object = 1,
  Array = 2,
  String = 3,
  Number = 4,
  True = 5,
  False = 6,
  Null = 7,
}

/** Deeper documents are refused: the masker walks the tape recursively. */
export const MAX_JSON_DEPTH = 512;

/**
 * Reusable token storage for one engine: a 1 MB body needs ~2 MB of token cells, and
 * allocating (and zeroing) that per body shows up as GC churn. Not shared across threads;
 * a tape borrows the cells for one parse-and-walk and hands them back.
 */
export class JsonTapeArena {
  private spare: Int32Array | undefined;
  /** Key guesses (see `JsonTape.plainKeyId`), shared by this arena's tapes: a stale guess only misses. */
  readonly keySlots = new Int32Array(KEY_SLOTS);

  /** Cells for at least `tokens` tokens (contents undefined). */
  take(tokens: number): Int32Array {
    const spare = this.spare;
    if (spare !== undefined && spare.length >= tokens * CELL) {
      this.spare = undefined;
      return spare;
    }
    return new Int32Array(Math.max(16, tokens) * CELL);
  }

  /** Keeps `cells` for the next document, unless they are too big to hold on to. */
  give(cells: Int32Array): void {
    if (cells.length <= MAX_KEPT_CELLS && (this.spare === undefined || this.spare.length < cells.length)) this.spare = cells;
  }
}

/** Int32 cells per token: start, end, next, meta (kind | escaped flag | key id + 1). */
const CELL = 4;
const START = 0;
const END = 1;
const NEXT = 2;
const META = 3;
const KIND_MASK = 7;
const ESCAPED = 8;
const KEY_SHIFT = 4;
/** 8 MiB of cells (~500k tokens) are kept for reuse; bigger ones go back to the GC. */
const MAX_KEPT_CELLS = 2 * 1024 * 1024;

/** Object key texts by id: for one document, or for every document of one stream. */
export class JsonKeyTable {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.names.length;
  }

  /** The id of `name`, a new one the first time. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}

/**
 * A validated JSON document as a flat token list over its own text (no objects materialised).
 * Masking reads tokens, decides, and splices replacements into the original text, so the
 * output keeps the input's layout byte for byte outside the masked values.
 *
 * Token `i`: `kind(i)`, text range `[start(i), end(i))` (strings include their quotes),
 * `next(i)`: the index just past the token's subtree (its next sibling). An object's
 * members follow it as key token, value subtree, key token, ...
 */
export class JsonTape {
  private cells: Int32Array;
  private n = 0;
  /** Object keys are interned on first read: every occurrence of a key text shares one string and one id. */
  private readonly keys: JsonKeyTable;
  private readonly keyNames: string[];
  /** Key id + 1 of the last key seen per `plainKeyId` slot (0: none); a guess, always checked. */
  private readonly keySlots: Int32Array;
  /** Forward-only cursors for the string fast path (-1: not looked for yet). */
  private nextBackslash = -1;
  private nextControl = -1;

  private constructor(
    readonly text: string,
    private readonly arena: JsonTapeArena | undefined,
    keys: JsonKeyTable,
  ) {
    this.keys = keys;
    this.keyNames = keys.names;
    const estimate = text.length >> 3;
    this.keySlots = arena?.keySlots ?? new Int32Array(SMALL_KEY_SLOTS);
    this.cells = arena === undefined ? new Int32Array(Math.max(16, estimate) * CELL) : arena.take(estimate);
  }

  /**
   * Parses and validates `text` as strictly as JSON.parse; throws WardgateError(Uninspectable)
   * otherwise. With an arena, call `release()` when done with the tape. Key ids come from `keys`,
   * which may serve several documents (the lines of one NDJSON stream) so their ids agree.
   */
  static parse(text: string, arena?: JsonTapeArena, keys: JsonKeyTable = new JsonKeyTable()): JsonTape {
    const tape = new JsonTape(text, arena, keys);
    try {
      tape.build();
    } catch (e) {
      tape.release();
      throw e;
    }
    return tape;
  }

  /** Hands the token cells back to the arena; the tape must not be read afterwards. */
  release(): void {
    this.arena?.give(this.cells);
    this.cells = new Int32Array(0);
  }

  get count(): number {
    return this.n;
  }

  kind(i: number): Tok {
    return (this.cells[i * CELL + META]! & KIND_MASK) as Tok;
  }

  start(i: number): number {
    return this.cells[i * CELL + START]!;
  }

  end(i: number): number {
    return this.cells[i * CELL + END]!;
  }

  next(i: number): number {
    return this.cells[i * CELL + NEXT]!;
  }

  /** A string token written with escapes (its text is not its value). */
  escaped(i: number): boolean {
    return (this.cells[i * CELL + META]! & ESCAPED) !== 0;
  }

  /** A string token's decoded value. */
  str(i: number): string {
    const c = i * CELL;
    const s = this.cells[c + START]!;
    const e = this.cells[c + END]!;
    return (this.cells[c + META]! & ESCAPED) === 0 ? this.text.slice(s + 1, e - 1) : (JSON.parse(this.text.slice(s, e)) as string);
  }

  /** The decoded text of key token `k` (interned: one string for every occurrence). */
  key(k: number): string {
    return this.keyNames[this.keyId(k)]!;
  }

  /** A small number per distinct key text of this document (for per-key caches). */
  keyId(k: number): number {
    const meta = this.cells[k * CELL + META]!;
    const known = meta >>> KEY_SHIFT;
    if (known !== 0) return known - 1;
    const id = (meta & ESCAPED) === 0 ? this.plainKeyId(k) : this.keys.intern(this.str(k));
    this.cells[k * CELL + META] = (meta & (KIND_MASK | ESCAPED)) | ((id + 1) << KEY_SHIFT);
    return id;
  }

  /**
   * Id of a key without escapes. Keys repeat: a slot picked by the key's length and three of its
   * characters usually holds it already, which a character compare confirms with no string made.
   */
  private plainKeyId(k: number): number {
    const text = this.text;
    const s = this.cells[k * CELL + START]! + 1;
    const len = this.cells[k * CELL + END]! - 1 - s;
    const slots = this.keySlots;
    const slot = len === 0 ? 0 : (Math.imul(len, 31) + Math.imul(text.charCodeAt(s), 961) + Math.imul(text.charCodeAt(s + (len >> 1)), 29791) + text.charCodeAt(s + len - 1)) & (slots.length - 1);
    const guess = slots[slot]! - 1;
    // A slot may still hold a guess from an earlier document of the arena: it is checked like any other.
    if (guess >= 0 && guess < this.keyNames.length) {
      const name = this.keyNames[guess]!;
      if (name.length === len && sameChars(text, s, name)) return guess;
    }
    const id = this.keys.intern(text.slice(s, s + len));
    slots[slot] = id + 1;
    return id;
  }

  /** A number token's value. */
  num(i: number): number {
    return Number(this.text.slice(this.start(i), this.end(i)));
  }

  /** The raw text of token `i` (for a container: the whole subtree). */
  raw(i: number): string {
    return this.text.slice(this.start(i), this.end(i));
  }

  /** Value token of member `key` in object `obj`, or -1. */
  member(obj: number, key: string): number {
    const stop = this.next(obj);
    for (let k = obj + 1; k < stop; k = this.next(k + 1)) {
      if (this.key(k) === key) return k + 1;
    }
    return -1;
  }

  /** The decoded string of member `key` in object `obj`, or undefined when missing or not a string. */
  memberString(obj: number, key: string): string | undefined {
    const v = this.member(obj, key);
    return v !== -1 && this.kind(v) === Tok.String ? this.str(v) : undefined;
  }

  private push(kind: Tok, start: number): number {
    const i = this.n++;
    const c = i * CELL;
    if (c + CELL > this.cells.length) this.grow();
    const cells = this.cells;
    cells[c + START] = start;
    cells[c + NEXT] = i + 1;
    cells[c + META] = kind;
    return i;
  }

  private setEnd(i: number, end: number): void {
    this.cells[i * CELL + END] = end;
  }

  private grow(): void {
    const cells = new Int32Array(this.cells.length * 2);
    cells.set(this.cells);
    this.arena?.give(this.cells);
    this.cells = cells;
  }

  /** Reads the key string at `pos` (validating it); returns the offset after its closing quote. */
  private scanKey(pos: number): number {
    return this.scanString(this.push(Tok.String, pos), pos);
  }

  private build(): void {
    const text = this.text;
    const len = text.length;
    // Open containers; `expectKey` tracks whether the next token in an object is a key.
    const stack: number[] = [];
    let pos = skipBlank(text, 0);
    let afterValue = false;
    let expectKey = false;
    for (;;) {
      if (afterValue) {
        pos = skipBlank(text, pos);
        const top = stack.length === 0 ? -1 : stack[stack.length - 1]!;
        if (top === -1) {
          if (pos !== len) fail('unexpected text after the JSON value');
          return;
        }
        const c = text.charCodeAt(pos);
        const isObject = this.kind(top) === Tok.Object;
        if (c === 44 /* , */) {
          pos = skipBlank(text, pos + 1);
          afterValue = false;
          if (isObject) expectKey = true;
          continue;
        }
        if (c === (isObject ? 125 : 93)) {
          this.close(stack, pos);
          pos++;
          continue;
        }
        fail('expected , or a closing bracket');
      }
      if (pos >= len) fail('unexpected end of JSON');
      const c = text.charCodeAt(pos);
      if (expectKey) {
        if (c !== 34) fail('expected a string key');
        pos = this.scanKey(pos);
        pos = skipBlank(text, pos);
        if (text.charCodeAt(pos) !== 58 /* : */) fail('expected :');
        pos = skipBlank(text, pos + 1);
        expectKey = false;
        continue;
      }
      switch (c) {
        case 123 /* { */:
        case 91 /* [ */: {
          if (stack.length >= MAX_JSON_DEPTH) throw new WardgateError(ErrorCode.Uninspectable, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
          const open = this.push(c === 123 ? Tok.Object : Tok.Array, pos);
          stack.push(open);
          pos = skipBlank(text, pos + 1);
          const closer = c === 123 ? 125 : 93;
          if (text.charCodeAt(pos) === closer) {
            this.close(stack, pos);
            pos++;
            afterValue = true;
          } else {
            expectKey = c === 123;
          }
          continue;
        }
        case 34 /* " */: {
          const s = this.push(Tok.String, pos);
          pos = this.scanString(s, pos);
          break;
        }
        case 116 /* t */:
          pos = this.literal(Tok.True, 'true', pos);
          break;
        case 102 /* f */:
          pos = this.literal(Tok.False, 'false', pos);
          break;
        case 110 /* n */:
          pos = this.literal(Tok.Null, 'null', pos);
          break;
        default: {
          const t = this.push(Tok.Number, pos);
          pos = scanNumber(text, pos);
          this.setEnd(t, pos);
        }
      }
      afterValue = true;
    }
  }

  private close(stack: number[], pos: number): void {
    const open = stack.pop()!;
    this.cells[open * CELL + END] = pos + 1;
    this.cells[open * CELL + NEXT] = this.n;
  }

  private literal(kind: Tok, word: string, pos: number): number {
    if (!this.text.startsWith(word, pos)) fail('invalid literal');
    const t = this.push(kind, pos);
    this.setEnd(t, pos + word.length);
    return pos + word.length;
  }

  /** Validates the string starting at the quote `pos`; returns the offset after its closing quote. */
  private scanString(t: number, pos: number): number {
    const text = this.text;
    // Fast path, no per-character work in JS: the closing quote by indexOf, and no backslash or
    // control character before it (both found by cursors that only move forward, so the whole
    // document costs one native scan for each).
    const close = text.indexOf('"', pos + 1);
    if (close !== -1 && this.backslashFrom(pos + 1) > close) {
      if (this.controlFrom(pos + 1) < close) fail('control character in string');
      this.setEnd(t, close + 1);
      return close + 1;
    }
    let i = pos + 1;
    for (;;) {
      plainRun.lastIndex = i;
      plainRun.test(text);
      i = plainRun.lastIndex;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c !== 92) fail(i >= text.length ? 'unterminated string' : 'control character in string');
      this.cells[t * CELL + META]! |= ESCAPED;
      const e = text.charCodeAt(i + 1);
      if (e === 117 /* u */) {
        for (let h = i + 2; h < i + 6; h++) if (!isHex(text.charCodeAt(h))) fail('invalid \\u escape');
        i += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        i += 2;
      } else fail('invalid escape');
    }
    this.setEnd(t, i + 1);
    return i + 1;
  }

  /** The first backslash at or after `from` (the text length when there is none). */
  private backslashFrom(from: number): number {
    if (this.nextBackslash < from) {
      const at = this.text.indexOf('\\', from);
      this.nextBackslash = at === -1 ? this.text.length : at;
    }
    return this.nextBackslash;
  }

  /** The first control character at or after `from` (the text length when there is none). */
  private controlFrom(from: number): number {
    if (this.nextControl < from) {
      controlChar.lastIndex = from;
      const m = controlChar.exec(this.text);
      this.nextControl = m === null ? this.text.length : m.index;
    }
    return this.nextControl;
  }
}

// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const controlChar = /[\x00-\x1f]/g;

/** The characters a JSON string holds as they are (no quote, backslash or control character). */
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const plainRun = /[^"\\\x00-\x1f]*/y;

/** Power-of-two sizes of the key guess tables: an arena's, and a lone tape's. */
const KEY_SLOTS = 4096;
const SMALL_KEY_SLOTS = 256;

/** `text` holds `name` at offset `at`. */
function sameChars(text: string, at: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (text.charCodeAt(at + i) !== name.charCodeAt(i)) return false;
  return true;
}

function fail(why: string): never {
  // Offsets only: the input itself may be PHI.
  throw new WardgateError(ErrorCode.Uninspectable, `body is not valid JSON: ${why}`);
}

function skipBlank(text: string, pos: number): number {
  let c = text.charCodeAt(pos);
  // Compact JSON has no blanks: one comparison for the common case.
  if (c > 32) return pos;
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
  return pos;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`; returns the offset after it. */
function scanNumber(text: string, pos: number): number {
  let i = pos;
  if (text.charCodeAt(i) === 45) i++;
  const first = text.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  } else fail('invalid value');
  if (text.charCodeAt(i) === 46) {
    i++;
    if (!isDigit(text.charCodeAt(i))) fail('invalid number');
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigit(text.charCodeAt(i))) fail('invalid number');
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}
