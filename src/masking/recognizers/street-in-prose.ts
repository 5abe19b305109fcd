import { Priority } from '../span.js';
import { CLINICAL_WORDS, NON_SURNAME_WORDS, ORDINARY_WORDS, STREET_SUFFIX_ABBREVIATIONS, STREET_SUFFIX_WORDS } from '../word-lists.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { isAsciiDigit } from './text-helpers.js';

/**
 * A street written in a sentence without a label (Safe Harbor 2): a house number, or a
 * preposition of place ("on", "along", "to", "at", ...), then one to five capitalised words
 * whose last is a USPS or British street suffix (data/street-suffixes.json): "walks along
 * Vozke Pike", "visit at 6206 Nobaw Key", "moved to Sesmi Center". Many suffixes are also
 * ordinary or clinical words ("Center", "View", "Wall", "Tunnel"): after a preposition they
 * need a street word that is none of those ("moved to Sesmi Center", not "admitted to Cancer
 * Center" or "pain along Chest Wall"), and so do they after a one-digit number ("Figure 2
 * Lateral View"). A suffix glued to more word ("Court-ordered", "Park's disease") is none.
 */
const anchorRe = /(?<![A-Za-z0-9.,/:-])\d{1,6}[ \t]{1,2}|(?<![A-Za-z])(?:on|along|to|at|off|onto|near|past|down|up|from|into|towards?|across|around|behind|opposite)[ \t]{1,2}/gi;
const unitRe = /,?[ \t]{1,2}(?:Apt|Apartment|Unit|Suite|Ste|#)\.?[ \t]{0,2}[A-Za-z0-9-]{1,8}(?![A-Za-z0-9])/y;
/** A capitalised word or an ordinal ("5th"); `.`, `'` and `-` are part of it, so "Court-ordered" is one word. */
const wordRe = /(?:[A-Z][A-Za-z'’.-]{0,25}|\d{1,3}(?:st|nd|rd|th))(?![A-Za-z0-9'’.-])/y;
const blanksRe = /[ \t]{1,2}/y;
/** Suffixes that name nothing but a street: any words may come before them ("Main Street", "Park Lane"). */
const STREET_ONLY = ['Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Boulevard', 'Blvd', 'Terrace', 'Crescent', 'Close', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Alley', 'Mews', 'Expressway', 'Freeway', 'Turnpike', 'Motorway'];
const TITLES = ['Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Prof', 'Sr', 'Fr', 'Rev'];
const MAX_WORDS = 6;

export const streetInProse: RecognizerDeclaration = {
  id: 'street-in-prose',
  category: 'address',
  priority: Priority.address,
  rule: 'recognizer:street-in-prose',
  prefilter: { upper: true, words: { list: [...STREET_SUFFIX_WORDS, ...STREET_SUFFIX_ABBREVIATIONS], case: 'exact' } },
  create: () => {
    const suffixes = new Set([...STREET_SUFFIX_WORDS, ...STREET_SUFFIX_ABBREVIATIONS]);
    const abbreviations = new Set(STREET_SUFFIX_ABBREVIATIONS);
    const streetOnly = new Set(STREET_ONLY);
    const titles = new Set(TITLES);
    const common = new Set([...ORDINARY_WORDS, ...CLINICAL_WORDS, ...NON_SURNAME_WORDS]);
    const re = new RegExp(anchorRe.source, anchorRe.flags);
    const wordAt = new RegExp(wordRe.source, wordRe.flags);
    const blanks = new RegExp(blanksRe.source, blanksRe.flags);
    const unit = new RegExp(unitRe.source, unitRe.flags);
    const starts: number[] = [];
    const words: string[] = [];
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const from = m.index + m[0].length;
        const c = text.charCodeAt(from);
        if (!((c >= 65 && c <= 90) || isAsciiDigit(c))) continue;
        const numbered = isAsciiDigit(m[0].charCodeAt(0));
        // The capitalised words that follow, each separated by one or two blanks.
        starts.length = 0;
        words.length = 0;
        let at = from;
        while (words.length < MAX_WORDS) {
          wordAt.lastIndex = at;
          const w = wordAt.exec(text);
          if (w === null) break;
          starts.push(at);
          words.push(w[0]);
          blanks.lastIndex = at + w[0].length;
          if (blanks.exec(text) === null) break;
          at = blanks.lastIndex;
        }
        // The last word that is a suffix, with a street word before it.
        let last = -1;
        for (let j = words.length - 1; j >= 1; j--) {
          if (suffixes.has(bare(words[j]!))) {
            last = j;
            break;
          }
        }
        if (last === -1 || titles.has(bare(words[0]!))) continue;
        const suffix = bare(words[last]!);
        if (!streetOnly.has(suffix) && isCommon(suffix, common)) {
          let named = false;
          for (let j = 0; j < last && !named; j++) named = !isCommon(bare(words[j]!), common);
          if (!named && !(numbered && m[0].trimEnd().length > 1)) continue;
        }
        // A full suffix's trailing "." ends the sentence; an abbreviation's is its own.
        let end = starts[last]! + (abbreviations.has(suffix) ? words[last]!.length : suffix.length);
        unit.lastIndex = end;
        if (unit.exec(text) !== null) end = unit.lastIndex;
        out.push({ start: numbered ? m.index : from, end, category: 'address', rule: 'recognizer:street-in-prose', priority: Priority.address });
        re.lastIndex = end;
      }
    };
  },
};

/** The word without a trailing `.` (abbreviations, a sentence's end). */
function bare(word: string): string {
  return word.endsWith('.') ? word.slice(0, -1) : word;
}

function isCommon(word: string, common: ReadonlySet<string>): boolean {
  return common.has(word.toLowerCase());
}
