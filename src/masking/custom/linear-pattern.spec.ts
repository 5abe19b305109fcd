import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PatternNode } from './linear-pattern.js';
import { MAX_PATHS, compileLinearPattern, emitSource, parseLinearPattern } from './linear-pattern.js';

describe('linear pattern subset: accepted', () => {
  it.each([
    ['HOSP-\\d{7}', 1, 12],
    ['(?:MRN|MR)[ :#]{1,3}(?<value>\\d{6,8})', 2 * 3 * 3, 14],
    ['[A-Z]{2}\\d{2}-?\\d{4}', 2, 9],
    ['ACC\\.\\d{4}(?:/\\d{2})?', 2, 11],
    ['\\bK\\d{3}\\b', 1, 4],
    ['(a|b)c', 2, 2],
    ['\\x41\\u0042[\\x30-\\x39]{1,2}', 2, 4],
  ])('%s (%d paths, at most %d characters)', (source, paths, maxLength) => {
    const p = parseLinearPattern(source);
    expect(p.paths).toBe(paths);
    expect(p.maxLength).toBe(maxLength);
  });

  it('compiles to a RegExp whose value group is the span and whose edges do not extend the shape', () => {
    const re = compileLinearPattern(parseLinearPattern('MRN:? ?(?<value>HOSP-\\d{7})'), false);
    const m = re.exec('see MRN: HOSP-1234567 today');
    expect(m?.indices?.groups?.['value']).toEqual([9, 21]);
    const plain = compileLinearPattern(parseLinearPattern('HOSP-\\d{7}'), false);
    expect('HOSP-12345678'.match(plain)).toBeNull();
    expect('HHOSP-1234567'.match(plain)).toBeNull();
    expect('ref_HOSP-1234567_scan'.match(plain)?.[0]).toBe('HOSP-1234567');
    expect('xHOSP-1234567z'.match(plain)?.[0]).toBe('HOSP-1234567');
  });

  it('keeps the longest literal run as a pre-filter', () => {
    expect(parseLinearPattern('HOSP-\\d{7}').requiredLiteral).toBe('HOSP-');
    expect(parseLinearPattern('(?:A|B)\\d{3}X-Y').requiredLiteral).toBe('X-Y');
  });
});

describe('linear pattern subset: refused, with the reason and the position', () => {
  it.each([
    // The classic catastrophic ones.
    ['(a+)+$', "unbounded repetition '+'", 2],
    ['(a|aa)*b', "unbounded repetition '*'", 6],
    ['(\\w+\\s?)*$', "unbounded repetition '+'", 3],
    ['^(\\d{1,9})*$', "unbounded repetition '*'", 10],
    ['(?:x{1,5}){1,5}', 'nested quantifier', 0],
    ['(?:-\\d{2}){2}', 'nested quantifier', 0],
    ['(?:a|ab|abc){1,10}', 'too many ways to match', 0],
    ['[a-z]{1,100}[a-z]{1,100}[a-z]{1,100}', 'too many ways to match', 0],
    ['a{2,}', "unbounded repetition '{2,}'", 1],
    ['a{1,500}', 'repetition bound 500 is over 100', 1],
    ['a{5,2}', 'the wrong way round', 1],
    ['a{2}{3}', 'nested quantifier', 4],
    ['a??', 'lazy quantifiers', 2],
    ['(a)\\1', 'backreferences', 3],
    ['(?<value>a)\\k<value>', 'backreferences', 11],
    ['(?=HOSP)\\w{5}', 'lookarounds', 0],
    ['(?<!x)y', 'lookarounds', 0],
    ['\\p{L}{3}', 'Unicode property escapes', 0],
    ['[\\p{Lu}]', 'Unicode property escapes', 1],
    ['(?<mrn>\\d{7})', "only one named group, 'value'", 0],
    ['(?<value>a)(?<value>b)', "may appear only once", 11],
    ['a?', 'the pattern can match the empty string', 0],
    ['(abc', "unterminated group", 0],
    ['abc)', "unmatched ')'", 3],
    ['[abc', "unterminated class", 0],
    ['*a', 'nothing to repeat', 0],
    ['\\q', 'unknown escape', 0],
    ['', 'empty pattern', 0],
  ])('%s', (source, reason, position) => {
    let error: unknown;
    try {
      parseLinearPattern(source);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).toMatch(new RegExp(`at position ${position}$`));
  });
});

// ---- A timing-free proof of linearity ---------------------------------------------------------
// An independent backtracking interpreter over the parsed pattern, in the order a JS engine
// tries things (alternatives left to right, repetitions greedy), counting every character test.
// For every accepted pattern and any text, the tests made from one start position stay under
// `paths × max(1, maxLength)`: a constant per pattern, so a scan is linear in the text.

interface Counter {
  steps: number;
}

const atomCache = new Map<string, RegExp>();
function atomMatches(source: string, c: string): boolean {
  let re = atomCache.get(source);
  if (re === undefined) atomCache.set(source, (re = new RegExp(`^(?:${source})$`)));
  return re.test(c);
}

const isWord = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

function walk(node: PatternNode, text: string, pos: number, k: (pos: number) => boolean, n: Counter): boolean {
  switch (node.kind) {
    case 'char': {
      n.steps++;
      const c = text[pos];
      return c !== undefined && atomMatches(node.source, c) && k(pos + 1);
    }
    case 'assert': {
      const boundary = isWord(text[pos - 1]) !== isWord(text[pos]);
      const ok = node.source === '^' ? pos === 0 : node.source === '$' ? pos === text.length : node.source === '\\b' ? boundary : !boundary;
      return ok && k(pos);
    }
    case 'seq': {
      const go = (i: number, p: number): boolean => (i === node.items.length ? k(p) : walk(node.items[i]!, text, p, (q) => go(i + 1, q), n));
      return go(0, pos);
    }
    case 'alt':
      return node.options.some((o) => walk(o, text, pos, k, n));
    case 'group':
      return walk(node.body, text, pos, k, n);
    case 'repeat': {
      const go = (count: number, p: number): boolean =>
        (count < node.max && walk(node.body, text, p, (q) => go(count + 1, q), n)) || (count >= node.min && k(p));
      return go(0, pos);
    }
  }
}

/** The leftmost match as [start, end], or undefined; `perStart` gets the steps of each start position. */
function interpret(node: PatternNode, text: string, perStart: number[]): [number, number] | undefined {
  for (let start = 0; start <= text.length; start++) {
    const n = { steps: 0 };
    let end = -1;
    walk(node, text, start, (p) => ((end = p), true), n);
    perStart.push(n.steps);
    if (end >= 0) return [start, end];
  }
  return undefined;
}

/** Sources in the subset (some of them refused for too many paths, which is the point). */
const atom = fc.constantFrom('a', 'b', '[ab]', '\\d', '.', '[^b]', '\\w', '-');
const quant = fc.constantFrom('', '', '?', '{2}', '{0,3}', '{1,6}', '{2,4}');
const plain = fc.array(fc.tuple(atom, quant).map(([a, q]) => a + q), { minLength: 1, maxLength: 5 }).map((xs) => xs.join(''));
const groupBody = fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }).map((xs) => xs.join('')), { minLength: 1, maxLength: 3 }).map((xs) => xs.join('|'));
const piece = fc.oneof(plain, fc.tuple(groupBody, quant).map(([b, q]) => `(?:${b})${q}`));
const sourceArb = fc.array(piece, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
const textArb = fc.string({ unit: fc.constantFrom('a', 'b', '1', '-', ' ', 'x'), maxLength: 40 });

describe('linear pattern subset: linearity without a clock', () => {
  it('steps per start position stay under paths × maxLength, and the RegExp finds what the interpreter finds', () => {
    let accepted = 0;
    fc.assert(
      fc.property(sourceArb, textArb, (source, text) => {
        let parsed;
        try {
          parsed = parseLinearPattern(source);
        } catch {
          return true;
        }
        accepted++;
        expect(parsed.paths).toBeLessThanOrEqual(MAX_PATHS);
        const perStart: number[] = [];
        const found = interpret(parsed.ast, text, perStart);
        const bound = parsed.paths * Math.max(1, parsed.maxLength);
        for (const steps of perStart) expect(steps).toBeLessThanOrEqual(bound);
        const m = new RegExp(emitSource(parsed.ast)).exec(text);
        expect(m === null ? undefined : [m.index, m.index + m[0].length]).toEqual(found);
        return true;
      }),
      { numRuns: 1500, seed: 1404 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it('the worst accepted shapes are bounded on their worst texts', () => {
    // Overlapping repetitions that a backtracking engine must try every split of.
    for (const source of ['[a-z]{1,100}[a-z]{1,100}x', '(?:a|a){1,12}x', '\\w{1,50}\\s?\\w{1,50}!']) {
      const parsed = parseLinearPattern(source);
      const perStart: number[] = [];
      interpret(parsed.ast, 'a'.repeat(200), perStart);
      const bound = parsed.paths * parsed.maxLength;
      expect(Math.max(...perStart)).toBeLessThanOrEqual(bound);
      // ... and the total over the text is at most linear in it.
      expect(perStart.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(bound * 201);
    }
  });
});
