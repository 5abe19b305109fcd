export interface GlobOptions {
  /** `*` and `?` never match it; `**` does. Without one, `*` matches anything. */
  separator?: string;
  caseInsensitive?: boolean;
}

/** A compiled glob: `*` within one segment, `**` across segments, `?` one character. */
export interface Glob {
  readonly pattern: string;
  test(value: string): boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Compiles a glob once into a RegExp (or a string comparison when it has no wildcard).
 * `a/**` also matches `a` itself, and `a/**\/b` matches `a/b`: "any depth" includes zero.
 */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  const caseInsensitive = options.caseInsensitive ?? false;
  if (!/[*?]/.test(pattern)) {
    const literal = caseInsensitive ? pattern.toLowerCase() : pattern;
    return {
      pattern,
      test: caseInsensitive ? (value) => value.toLowerCase() === literal : (value) => value === literal,
    };
  }
  const sep = options.separator;
  const sepRe = sep === undefined ? '' : escapeRegExp(sep);
  const oneSegment = sep === undefined ? '.*' : `[^${sepRe}]*`;
  const oneChar = sep === undefined ? '.' : `[^${sepRe}]`;
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '*') {
      let j = i;
      while (pattern[j] === '*') j += 1;
      const before = i === 0 ? undefined : pattern[i - 1];
      const after = pattern[j];
      if (j - i === 1) {
        source += oneSegment;
      } else if (sep !== undefined && (before === undefined || before === sep) && after === sep) {
        // `a/**/b`: zero or more whole segments.
        source += `(?:.*${sepRe})?`;
        j += 1;
      } else if (sep !== undefined && before === sep && after === undefined) {
        // `a/**`: `a`, `a/` and everything below it.
        source = `${source.slice(0, -sepRe.length)}(?:${sepRe}.*)?`;
      } else {
        source += '.*';
      }
      i = j - 1;
    } else if (ch === '?') {
      source += oneChar;
    } else {
      source += escapeRegExp(ch);
    }
  }
  const regExp = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
  return { pattern, test: (value) => regExp.test(value) };
}

/** True when any glob matches. */
export function anyGlob(globs: readonly Glob[], value: string): boolean {
  for (const glob of globs) if (glob.test(value)) return true;
  return false;
}
