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
 * A validated JSON document as a flat token list over its own text (no objects materialised).
 * Masking reads tokens, decides, and splices replacements into the original text, so the
 * output keeps the input's layout byte for byte outside the masked values.
 *
 * Token `i`: `kind(i)`, text range `[start(i), end(i))` (strings include their quotes),
 * `next(i)`: the index just past the token's subtree (its next sibling). An object's
 * members follow it as key token, value subtree, key token, ...
 */
export class JsonTape {
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private nexts: Int32Array;
  /** Strings holding a backslash escape (decoded with JSON.parse; the others are plain slices). */
  private escaped: Uint8Array;
  private n = 0;
  /**
   * Object keys are interned: every occurrence of a key text shares one string and one id
   * (`keyIds` holds id + 1, 0 until first read).
   */
  private keyIds: Int32Array;
  private readonly keyNames: string[] = [];
  private readonly keyMap = new Map<string, number>();

  private constructor(readonly text: string) {
    const cap = Math.max(16, text.length >> 3);
    this.kinds = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    this.nexts = new Int32Array(cap);
    this.escaped = new Uint8Array(cap);
    this.keyIds = new Int32Array(cap);
  }

  /** Parses and validates `text` as strictly as JSON.parse; throws WardgateError(Uninspectable) otherwise. */
  static parse(text: string): JsonTape {
    const tape = new JsonTape(text);
    tape.build();
    return tape;
  }

  get count(): number {
    return this.n;
  }

  kind(i: number): Tok {
    return this.kinds[i] as Tok;
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return this.ends[i]!;
  }

  next(i: number): number {
    return this.nexts[i]!;
  }

  /** A string token's decoded value. */
  str(i: number): string {
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    return this.escaped[i] === 0 ? this.text.slice(s + 1, e - 1) : (JSON.parse(this.text.slice(s, e)) as string);
  }

  /** The decoded text of key token `k` (interned: the same string object for every occurrence). */
  key(k: number): string {
    return this.keyNames[this.keyId(k)]!;
  }

  /**
   * A small number per distinct key text, `0 <= keyId(k) < keyCount()` (for per-key caches).
   * Interned on first use, so keys of subtrees the masker never enters cost nothing.
   */
  keyId(k: number): number {
    const known = this.keyIds[k]!;
    if (known !== 0) return known - 1;
    const name = this.str(k);
    let id = this.keyMap.get(name);
    if (id === undefined) {
      id = this.keyNames.length;
      this.keyNames.push(name);
      this.keyMap.set(name, id);
    }
    this.keyIds[k] = id + 1;
    return id;
  }

  /** Distinct keys interned so far (grows as keys are first read). */
  keyCount(): number {
    return this.keyNames.length;
  }

  /** True when string token `i` equals `value` (no copy for unescaped strings). */
  strEquals(i: number, value: string): boolean {
    if (this.escaped[i] !== 0) return this.str(i) === value;
    const s = this.starts[i]! + 1;
    return this.ends[i]! - 1 - s === value.length && this.text.startsWith(value, s);
  }

  /** A number token's value. */
  num(i: number): number {
    return Number(this.text.slice(this.starts[i], this.ends[i]));
  }

  /** The raw text of token `i` (for a container: the whole subtree). */
  raw(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** Value token of member `key` in object `obj`, or -1. */
  member(obj: number, key: string): number {
    const stop = this.nexts[obj]!;
    for (let k = obj + 1; k < stop; k = this.nexts[k + 1]!) {
      if (this.key(k) === key) return k + 1;
    }
    return -1;
  }

  /** The decoded string of member `key` in object `obj`, or undefined when missing or not a string. */
  memberString(obj: number, key: string): string | undefined {
    const v = this.member(obj, key);
    return v !== -1 && this.kinds[v] === Tok.String ? this.str(v) : undefined;
  }

  private push(kind: Tok, start: number): number {
    if (this.n === this.kinds.length) this.grow();
    const i = this.n++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.nexts[i] = i + 1;
    this.escaped[i] = 0;
    return i;
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const kinds = new Uint8Array(cap);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const starts = new Int32Array(cap);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(cap);
    ends.set(this.ends);
    this.ends = ends;
    const nexts = new Int32Array(cap);
    nexts.set(this.nexts);
    this.nexts = nexts;
    const escaped = new Uint8Array(cap);
    escaped.set(this.escaped);
    this.escaped = escaped;
    const keyIds = new Int32Array(cap);
    keyIds.set(this.keyIds);
    this.keyIds = keyIds;
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
        const isObject = this.kinds[top] === Tok.Object;
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
          this.ends[t] = pos;
        }
      }
      afterValue = true;
    }
  }

  private close(stack: number[], pos: number): void {
    const open = stack.pop()!;
    this.ends[open] = pos + 1;
    this.nexts[open] = this.n;
  }

  private literal(kind: Tok, word: string, pos: number): number {
    if (!this.text.startsWith(word, pos)) fail('invalid literal');
    const t = this.push(kind, pos);
    this.ends[t] = pos + word.length;
    return pos + word.length;
  }

  /** Validates the string starting at the quote `pos`; returns the offset after its closing quote. */
  private scanString(t: number, pos: number): number {
    const text = this.text;
    let i = pos + 1;
    // Most strings are short (codes, ids, dates): a plain loop beats the regex call for them.
    for (const stop = i + 24; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.ends[t] = i + 1;
        return i + 1;
      }
      if (c === 92 || !(c >= 32)) break;
    }
    for (;;) {
      plainRun.lastIndex = i;
      plainRun.test(text);
      i = plainRun.lastIndex;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c !== 92) fail(i >= text.length ? 'unterminated string' : 'control character in string');
      this.escaped[t] = 1;
      const e = text.charCodeAt(i + 1);
      if (e === 117 /* u */) {
        for (let h = i + 2; h < i + 6; h++) if (!isHex(text.charCodeAt(h))) fail('invalid \\u escape');
        i += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        i += 2;
      } else fail('invalid escape');
    }
    this.ends[t] = i + 1;
    return i + 1;
  }
}

/** The characters a JSON string holds as they are (no quote, backslash or control character). */
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const plainRun = /[^"\\\x00-\x1f]*/y;

function fail(why: string): never {
  // Offsets only: the input itself may be PHI.
  throw new WardgateError(ErrorCode.Uninspectable, `body is not valid JSON: ${why}`);
}

function skipBlank(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
    else return pos;
  }
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
