import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';

/**
 * A safe subset of regular expressions that is linear-time by construction, for the patterns
 * operators write in the config file (`masking.custom.recognizers[].patterns`).
 *
 * Allowed: literals, `.`, `\d \D \w \W \s \S`, classes `[...]`, `^ $ \b \B`, groups `(...)` and
 * `(?:...)` (both non-capturing), one named group `(?<value>...)`, alternation `|`, and bounded
 * repetition `?`, `{m}`, `{m,n}` with n <= MAX_REPEAT.
 * Refused, each with the position and why: unbounded repetition (`*`, `+`, `{m,}`), a quantifier
 * of more than one on a group that holds a quantifier (nested quantifiers; `(?:...)?` is fine), lazy and possessive quantifiers,
 * backreferences, lookarounds, `\p{...}`, other named groups, and patterns that can match the
 * empty string.
 *
 * Why that is linear: with only bounded repetition, the ways a backtracking engine can walk the
 * pattern from one start position are finite and countable (`paths`: a product over a sequence,
 * a sum over alternatives, a sum of powers over a bounded repetition). A pattern whose count
 * exceeds MAX_PATHS is refused, so the work per start position is at most MAX_PATHS walks of at
 * most `maxLength` characters, a constant: scanning n characters is O(n).
 */

/** Largest upper bound of `{m,n}`. */
export const MAX_REPEAT = 100;
/** Largest number of ways the pattern can be walked from one start position. */
export const MAX_PATHS = 10_000;
/** Longest pattern source accepted. */
export const MAX_PATTERN_LENGTH = 512;

export type PatternNode =
  /** One character: a literal, `.`, a class escape or a bracketed class. `literal`: the character itself. */
  | { readonly kind: 'char'; readonly source: string; readonly literal?: string }
  | { readonly kind: 'assert'; readonly source: '^' | '$' | '\\b' | '\\B' }
  | { readonly kind: 'seq'; readonly items: readonly PatternNode[] }
  | { readonly kind: 'alt'; readonly options: readonly PatternNode[] }
  | { readonly kind: 'group'; readonly value: boolean; readonly body: PatternNode }
  | { readonly kind: 'repeat'; readonly body: PatternNode; readonly min: number; readonly max: number };

export interface LinearPattern {
  readonly source: string;
  readonly ast: PatternNode;
  /** Ways to walk the pattern from one start position (an upper bound on backtracking). */
  readonly paths: number;
  readonly minLength: number;
  readonly maxLength: number;
  /** Has the named group `value` (the span is that group, the rest is context). */
  readonly hasValueGroup: boolean;
  /** The longest run of literal characters every match contains (a cheap pre-filter). */
  readonly requiredLiteral: string;
}

/** A refused pattern: `position` is the 0-based index in the source where the problem is. */
export function patternError(reason: string, position: number): WardgateError {
  return new WardgateError(ErrorCode.InvalidArgument, `${reason} at position ${position}`, { details: { position, reason } });
}

const classEscapes = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const controlEscapes = new Set(['n', 'r', 't', 'f', 'v', '0']);
const regexSpecial = /[\\^$.*+?()[\]{}|/-]/;

/** Parses and checks `source`; throws a WardgateError naming the position and the reason. */
export function parseLinearPattern(source: string): LinearPattern {
  if (source.length === 0) throw patternError('empty pattern', 0);
  if (source.length > MAX_PATTERN_LENGTH) throw patternError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`, MAX_PATTERN_LENGTH);
  const parser = new Parser(source);
  const ast = parser.parse();
  const minLength = minLen(ast);
  if (minLength === 0) throw patternError('the pattern can match the empty string', 0);
  const paths = pathCount(ast);
  if (paths > MAX_PATHS) {
    throw patternError(`too many ways to match from one position (${paths > 1e9 ? 'over 10^9' : paths} > ${MAX_PATHS}): narrow the repetitions or alternatives`, 0);
  }
  return Object.freeze({ source, ast, paths, minLength, maxLength: maxLen(ast), hasValueGroup: parser.valueGroups === 1, requiredLiteral: requiredLiteral(ast) });
}

class Parser {
  private pos = 0;
  valueGroups = 0;

  constructor(private readonly src: string) {}

  parse(): PatternNode {
    const node = this.alternation();
    if (this.pos < this.src.length) throw patternError("unmatched ')'", this.pos);
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const at = this.pos;
      const atom = this.atom();
      items.push(this.quantified(atom, at));
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  private quantified(atom: PatternNode, atomAt: number): PatternNode {
    const at = this.pos;
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+') {
      throw patternError(`unbounded repetition '${c}': write a bounded {${c === '*' ? 0 : 1},n} with n <= ${MAX_REPEAT}`, at);
    } else if (c === '?') {
      min = 0;
      max = 1;
      this.pos++;
    } else if (c === '{') {
      const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.src.slice(this.pos));
      if (m === null) throw patternError("'{' that is no {m} or {m,n} repetition: write \\{ for the character", at);
      min = Number(m[1]);
      if (m[2] !== undefined && m[3] === '') throw patternError(`unbounded repetition '{${min},}': write {${min},n} with n <= ${MAX_REPEAT}`, at);
      max = m[3] === undefined ? min : Number(m[3]);
      if (max > MAX_REPEAT) throw patternError(`repetition bound ${max} is over ${MAX_REPEAT}`, at);
      if (min > max) throw patternError(`repetition {${min},${max}} has its bounds the wrong way round`, at);
      this.pos += m[0].length;
    } else {
      return atom;
    }
    if (atom.kind === 'assert') throw patternError(`nothing to repeat (${atom.source} is an assertion)`, at);
    const next = this.peek();
    if (next === '?') throw patternError('lazy quantifiers are not supported', this.pos);
    if (next === '+') throw patternError('possessive quantifiers are not supported', this.pos);
    if (next === '*' || next === '{') throw patternError('nested quantifier: a repetition of a repetition', this.pos);
    // An optional group (`(?:/\d{2})?`) repeats nothing; the path count bounds it.
    if (atom.kind === 'group' && max > 1 && containsRepeat(atom.body)) {
      throw patternError('nested quantifier: a repeated group may not itself contain a repetition', atomAt);
    }
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(): PatternNode {
    const at = this.pos;
    const c = this.src[this.pos]!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        this.pos++;
        return { kind: 'char', source: '.' };
      case '^':
      case '$':
        this.pos++;
        return { kind: 'assert', source: c };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
        throw patternError(`nothing to repeat before '${c}'`, at);
      case ']':
      case '}':
        throw patternError(`unmatched '${c}': write \\${c} for the character`, at);
      default:
        this.pos++;
        return literalChar(c);
    }
  }

  private group(): PatternNode {
    const at = this.pos;
    this.pos++;
    let value = false;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos, this.pos + 3);
      if (rest.startsWith('?:')) {
        this.pos += 2;
      } else if (rest.startsWith('?=') || rest.startsWith('?!') || rest.startsWith('?<=') || rest.startsWith('?<!')) {
        throw patternError('lookarounds are not supported (use context words for what surrounds a value)', at);
      } else if (this.src.startsWith('?<value>', this.pos)) {
        if (this.valueGroups > 0) throw patternError("the named group 'value' may appear only once", at);
        this.valueGroups++;
        value = true;
        this.pos += '?<value>'.length;
      } else if (rest.startsWith('?<')) {
        throw patternError("only one named group, 'value', is supported", at);
      } else {
        throw patternError('unsupported group modifier', at);
      }
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw patternError("unterminated group: missing ')'", at);
    this.pos++;
    return { kind: 'group', value, body };
  }

  private escape(): PatternNode {
    const at = this.pos;
    const e = this.src[this.pos + 1];
    if (e === undefined) throw patternError('a pattern may not end with a backslash', at);
    if (e === 'p' || e === 'P') throw patternError('Unicode property escapes (\\p{...}) are not supported', at);
    if (e === 'k' || (e >= '1' && e <= '9')) throw patternError('backreferences are not supported', at);
    this.pos += 2;
    if (classEscapes.has(e)) return { kind: 'char', source: `\\${e}` };
    if (e === 'b' || e === 'B') return { kind: 'assert', source: `\\${e}` };
    if (controlEscapes.has(e)) {
      if (e === '0' && /\d/.test(this.peek() ?? '')) throw patternError('octal escapes are not supported', at);
      return { kind: 'char', source: `\\${e}` };
    }
    if (e === 'x' || e === 'u') {
      const digits = e === 'x' ? 2 : 4;
      const hex = this.src.slice(this.pos, this.pos + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw patternError(`\\${e} needs ${digits} hex digits`, at);
      this.pos += digits;
      return literalChar(String.fromCharCode(parseInt(hex, 16)));
    }
    if (/[A-Za-z0-9]/.test(e)) throw patternError(`unknown escape \\${e}`, at);
    return literalChar(e);
  }

  private charClass(): PatternNode {
    const at = this.pos;
    let i = this.pos + 1;
    if (this.src[i] === '^') i++;
    // A ']' right after '[' or '[^' closes an empty class in JS: refuse rather than surprise.
    if (this.src[i] === ']') throw patternError("empty class: write \\] for the character", at);
    let prev: number | undefined;
    let rangeFrom: number | undefined;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) throw patternError("unterminated class: missing ']'", at);
      if (c === ']') break;
      let code: number | undefined;
      if (c === '\\') {
        const e = this.src[i + 1];
        if (e === undefined) throw patternError("unterminated class: missing ']'", at);
        if (e === 'p' || e === 'P') throw patternError('Unicode property escapes (\\p{...}) are not supported', i);
        if (classEscapes.has(e)) {
          if (rangeFrom !== undefined) throw patternError('a range may not end in a class escape', i);
          prev = undefined;
          i += 2;
          continue;
        }
        if (e === 'x' || e === 'u') {
          const digits = e === 'x' ? 2 : 4;
          const hex = this.src.slice(i + 2, i + 2 + digits);
          if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw patternError(`\\${e} needs ${digits} hex digits`, i);
          code = parseInt(hex, 16);
          i += 2 + digits;
        } else if (controlEscapes.has(e)) {
          code = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 }[e as 'n'];
          i += 2;
        } else if (/[A-Za-z0-9]/.test(e)) {
          throw patternError(`unknown escape \\${e} in a class`, i);
        } else {
          code = e.charCodeAt(0);
          i += 2;
        }
      } else if (c === '-' && prev !== undefined && this.src[i + 1] !== ']') {
        rangeFrom = prev;
        prev = undefined;
        i++;
        continue;
      } else {
        if (c === '[') throw patternError("'[' inside a class: write \\[", i);
        code = c.charCodeAt(0);
        i++;
      }
      if (rangeFrom !== undefined) {
        if (code < rangeFrom) throw patternError('class range out of order', i - 1);
        rangeFrom = undefined;
        prev = undefined;
      } else {
        prev = code;
      }
    }
    const source = this.src.slice(this.pos, i + 1);
    this.pos = i + 1;
    return { kind: 'char', source };
  }
}

function literalChar(c: string): PatternNode {
  return { kind: 'char', source: regexSpecial.test(c) ? `\\${c}` : c, literal: c };
}

function containsRepeat(node: PatternNode): boolean {
  switch (node.kind) {
    case 'repeat':
      return true;
    case 'seq':
      return node.items.some(containsRepeat);
    case 'alt':
      return node.options.some(containsRepeat);
    case 'group':
      return containsRepeat(node.body);
    default:
      return false;
  }
}

/** Ways to walk `node` from one position (saturates at Infinity). */
export function pathCount(node: PatternNode): number {
  switch (node.kind) {
    case 'char':
    case 'assert':
      return 1;
    case 'seq':
      return node.items.reduce((p, n) => p * pathCount(n), 1);
    case 'alt':
      return node.options.reduce((p, n) => p + pathCount(n), 0);
    case 'group':
      return pathCount(node.body);
    case 'repeat': {
      const p = pathCount(node.body);
      let sum = 0;
      for (let k = node.min; k <= node.max; k++) sum += p ** k;
      return sum;
    }
  }
}

function minLen(node: PatternNode): number {
  switch (node.kind) {
    case 'char':
      return 1;
    case 'assert':
      return 0;
    case 'seq':
      return node.items.reduce((s, n) => s + minLen(n), 0);
    case 'alt':
      return Math.min(...node.options.map(minLen));
    case 'group':
      return minLen(node.body);
    case 'repeat':
      return node.min * minLen(node.body);
  }
}

function maxLen(node: PatternNode): number {
  switch (node.kind) {
    case 'char':
      return 1;
    case 'assert':
      return 0;
    case 'seq':
      return node.items.reduce((s, n) => s + maxLen(n), 0);
    case 'alt':
      return Math.max(...node.options.map(maxLen));
    case 'group':
      return maxLen(node.body);
    case 'repeat':
      return node.max * maxLen(node.body);
  }
}

/** The longest run of literal characters at the top level (every match holds it). */
function requiredLiteral(node: PatternNode): string {
  const items = node.kind === 'seq' ? node.items : [node];
  let best = '';
  let run = '';
  for (const item of items) {
    const inner = item.kind === 'group' && item.body.kind === 'char' ? item.body : item;
    if (inner.kind === 'char' && inner.literal !== undefined) {
      run += inner.literal;
      if (run.length > best.length) best = run;
    } else if (inner.kind !== 'assert') {
      run = '';
    }
  }
  return best;
}

/** The JS source of `node` (groups as written become non-capturing, except `value`). */
export function emitSource(node: PatternNode): string {
  switch (node.kind) {
    case 'char':
    case 'assert':
      return node.source;
    case 'seq':
      return node.items.map(emitSource).join('');
    case 'alt':
      return node.options.map(emitSource).join('|');
    case 'group':
      return `(${node.value ? '?<value>' : '?:'}${emitSource(node.body)})`;
    case 'repeat': {
      const body = node.body.kind === 'char' || node.body.kind === 'group' ? emitSource(node.body) : `(?:${emitSource(node.body)})`;
      return `${body}{${node.min},${node.max}}`;
    }
  }
}

/** The single-character atoms a match can start with (`first`) or end with (`last`). */
export function edgeAtoms(node: PatternNode, side: 'first' | 'last'): { atoms: string[]; nullable: boolean } {
  switch (node.kind) {
    case 'char':
      return { atoms: [node.source], nullable: false };
    case 'assert':
      return { atoms: [], nullable: true };
    case 'seq': {
      const atoms: string[] = [];
      const items = side === 'first' ? node.items : [...node.items].reverse();
      for (const item of items) {
        const e = edgeAtoms(item, side);
        atoms.push(...e.atoms);
        if (!e.nullable) return { atoms, nullable: false };
      }
      return { atoms, nullable: true };
    }
    case 'alt': {
      const all = node.options.map((o) => edgeAtoms(o, side));
      return { atoms: all.flatMap((e) => e.atoms), nullable: all.some((e) => e.nullable) };
    }
    case 'group':
      return edgeAtoms(node.body, side);
    case 'repeat': {
      const e = edgeAtoms(node.body, side);
      return { atoms: e.atoms, nullable: e.nullable || node.min === 0 };
    }
  }
}

/**
 * The pattern as a global JS RegExp (`d` for the `value` group's indices). A value's shape
 * decides where it ends, not `\b`: a match may not be preceded by a letter or digit its first
 * character could also match, nor followed by one its last could (`HOSP-\d{7}` does not match
 * inside `HOSP-12345678`, but does in `ref_HOSP-1234567_scan`). Both checks look at one
 * character, so they cost a constant per position.
 */
export function compileLinearPattern(pattern: LinearPattern, ignoreCase: boolean): RegExp {
  const guard = (atoms: string[]): string => (atoms.length === 0 ? '' : `(?=[A-Za-z0-9])(?:${[...new Set(atoms)].join('|')})`);
  const before = guard(edgeAtoms(pattern.ast, 'first').atoms);
  const after = guard(edgeAtoms(pattern.ast, 'last').atoms);
  const body = emitSource(pattern.ast);
  const source = `${before === '' ? '' : `(?<!${before})`}(?:${body})${after === '' ? '' : `(?!${after})`}`;
  return new RegExp(source, `dg${ignoreCase ? 'i' : ''}`);
}
