/** Whole terms, case-insensitive: a letter or digit may not touch either end. */

const escapeRe = /[\\^$.*+?()[\]{}|/-]/g;

/** A non-global, case-insensitive regex finding any of `terms` as a whole term (context words). */
export function termsRegExp(terms: readonly string[]): RegExp {
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map((t) => t.replace(escapeRe, '\\$&').replace(/\s+/g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

interface Entry {
  /** The term lower-cased, its blanks folded to one space. */
  readonly lower: string;
  readonly index: number;
}

/**
 * Finds listed terms (deny- and allow-lists) in text: a term is looked up by its first word, so
 * the cost is one Map lookup per word of text whatever the size of the list. Blanks inside a
 * term match any run of blanks.
 */
export class TermMatcher {
  private readonly byFirstWord = new Map<string, Entry[]>();

  constructor(terms: readonly string[]) {
    terms.forEach((term, index) => {
      const lower = term.trim().replace(/\s+/g, ' ').toLowerCase();
      const first = /^[\p{L}\p{N}]+/u.exec(lower)?.[0];
      if (first === undefined) return;
      let list = this.byFirstWord.get(first);
      if (list === undefined) this.byFirstWord.set(first, (list = []));
      list.push({ lower, index });
      // Longest first: "Mary Jane Quill" before "Mary Jane".
      list.sort((a, b) => b.lower.length - a.lower.length);
    });
  }

  get size(): number {
    return this.byFirstWord.size;
  }

  /** Calls `found(start, end, termIndex)` for each whole-term occurrence, left to right, not overlapping. */
  forEach(text: string, found: (start: number, end: number, index: number) => void): void {
    if (this.byFirstWord.size === 0) return;
    const wordRe = /[\p{L}\p{N}]+/gu;
    let skipTo = 0;
    for (let m = wordRe.exec(text); m !== null; m = wordRe.exec(text)) {
      if (m.index < skipTo) continue;
      const list = this.byFirstWord.get(m[0].toLowerCase());
      if (list === undefined) continue;
      for (const entry of list) {
        const end = matchAt(text, m.index, entry.lower);
        if (end >= 0 && !isWordChar(text[end])) {
          found(m.index, end, entry.index);
          skipTo = end;
          break;
        }
      }
    }
  }
}

/** End of `lower` matched case-insensitively at `start` (a blank matches a run of blanks), or -1. */
function matchAt(text: string, start: number, lower: string): number {
  let i = start;
  for (let j = 0; j < lower.length; j++) {
    const want = lower[j]!;
    if (want === ' ') {
      if (i >= text.length || !/\s/.test(text[i]!)) return -1;
      while (i < text.length && /\s/.test(text[i]!)) i++;
      continue;
    }
    const c = text[i];
    if (c === undefined || (c !== want && c.toLowerCase() !== want)) return -1;
    i++;
  }
  return i;
}
