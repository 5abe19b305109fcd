import type { PhiCategory } from '../phi-category.js';
import { Priority } from '../span.js';
import { startsWord } from '../word-start.js';
import type { RecognizerDeclaration, RecognizerGroup, RecognizerMatcher } from './recognizer.js';
import { isAsciiDigit } from './text-helpers.js';

/** A recognizer of identifiers that follow a label ("MRN: 1234567", "Member ID XJ4K2991"). */
export interface LabelledIdentifierDeclaration extends RecognizerDeclaration {
  readonly category: PhiCategory;
  /**
   * Alternation of the labels (lower-case regex source, matched in any case; a blank matches
   * one or two blanks or tabs). Each label is at most 33 characters long (see `LABEL_REACH`)
   * and starts with one of `context`.
   */
  readonly labels: string;
  /** The words the labels start with: the recognizer's word cue. */
  readonly context: readonly string[];
}

/**
 * Upper bound on (first digit of a labelled value) - (start of its label): the longest label
 * (33, "vehicle identification number" with doubled blanks), separators (12) and the 31
 * characters the value may run before its first digit. Rounded up.
 */
const LABEL_REACH = 96;

/**
 * Every labelled identifier is one alternative of a single pattern, in registry order: at a
 * position the first label to match wins ("account id 5" is an account, not an `id`), and a
 * match consumes its text, as one pattern does. The value is 3-31 letters, digits and `-`
 * (trailing `-` dropped) with a digit, or `123 45 6789`; the label must start a word.
 */
export const LABELLED_IDENTIFIERS: RecognizerGroup = {
  id: 'labelled-identifier',
  create(members): RecognizerMatcher {
    const parts = members.map((m) => m as LabelledIdentifierDeclaration);
    for (const p of parts) if (typeof p.labels !== 'string') throw new Error(`labelled recognizer ${p.id} has no labels`);
    const categories: readonly PhiCategory[] = parts.map((p) => p.category);
    const rules = parts.map((p) => p.rule);
    const re = new RegExp(
      String.raw`(?:${parts.map((p) => `(${p.labels.replaceAll(' ', '[ \\t]{1,2}')})`).join('|')})[ \t]{0,3}(?:[:#=_/(-][ \t]{0,3})?(?:is[ \t]{1,3})?(\d{3}[ \t]\d{2}[ \t]\d{4}(?!\w)|[A-Za-z0-9][A-Za-z0-9-]{2,30})`,
      'gi',
    );
    const n = parts.length;
    return (text, out) => {
      re.lastIndex = 0;
      let digit = -1;
      for (;;) {
        // A label only counts with a digit in its value, at most LABEL_REACH after the label's
        // start: the scan skips ahead to the next digit's reach instead of trying every position.
        const from = re.lastIndex;
        if (digit < from) digit = nextDigit(text, from);
        if (digit === -1) break;
        if (digit - LABEL_REACH > from) re.lastIndex = digit - LABEL_REACH;
        const m = re.exec(text);
        if (m === null) break;
        const value = m[n + 1]!;
        let which = -1;
        for (let i = 0; i < n; i++) {
          if (m[i + 1] !== undefined) {
            which = i;
            break;
          }
        }
        let end = value.length;
        while (end > 0 && value.charCodeAt(end - 1) === 45) end--;
        if (which === -1 || !hasDigit(value, end) || !startsWord(text, m.index)) {
          // The "value" was a word ("Account Number" read as label "Account" + value "Number"): retry one step on.
          re.lastIndex = m.index + 1;
          continue;
        }
        const start = m.index + m[0].length - value.length;
        out.push({ start, end: start + end, category: categories[which]!, rule: rules[which]!, priority: Priority.labelled });
      }
    };
  },
};

/** Declares one labelled identifier (a member of `LABELLED_IDENTIFIERS`). */
export function labelledIdentifier(d: { id: string; category: PhiCategory; labels: string; context: readonly string[] }): LabelledIdentifierDeclaration {
  return {
    id: d.id,
    category: d.category,
    priority: Priority.labelled,
    rule: `value:${d.category}`,
    labels: d.labels,
    context: d.context,
    prefilter: { digits: 1, words: { list: d.context } },
    group: LABELLED_IDENTIFIERS,
  };
}

function nextDigit(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isAsciiDigit(text.charCodeAt(i))) return i;
  return -1;
}

function hasDigit(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (isAsciiDigit(s.charCodeAt(i))) return true;
  return false;
}
