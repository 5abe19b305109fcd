import { AMBIGUOUS_FAMILY_NAMES, AMBIGUOUS_GIVEN_NAMES, FAMILY_NAMES, GIVEN_NAMES } from './name-dictionary.js';
import type { Span } from './span.js';
import { Priority } from './span.js';

/** Lower-cased name sets, built once per engine. */
export interface NameDictionary {
  readonly given: ReadonlySet<string>;
  readonly family: ReadonlySet<string>;
  readonly ambiguousGiven: ReadonlySet<string>;
  readonly ambiguousFamily: ReadonlySet<string>;
}

export function createNameDictionary(): NameDictionary {
  const lower = (words: readonly string[]): Set<string> => new Set(words.map((w) => w.toLowerCase()));
  return {
    given: lower(GIVEN_NAMES),
    family: lower(FAMILY_NAMES),
    ambiguousGiven: lower(AMBIGUOUS_GIVEN_NAMES),
    ambiguousFamily: lower(AMBIGUOUS_FAMILY_NAMES),
  };
}

const titles = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof', 'rev', 'sr', 'sra', 'srta']);
/** Followed by `:` these introduce a person (or employer) name. */
const labels = new Set([
  'patient', 'pt', 'name', 'contact', 'guarantor', 'subscriber', 'employer', 'attending', 'provider', 'pcp', 'physician',
  'doctor', 'nurse', 'by', 'referring', 'insured', 'member', 'informant', 'author', 'to', 'from', 'cc', 'signed', 'witness',
  'caller', 'surgeon', 'resident', 'parent', 'guardian', 'caregiver', 'spouse', 'mother', 'father', 'nok', 'kin', 'proxy',
]);
/** Relatives, employers and household members: Safe Harbor covers their names too. */
const relations = new Set([
  'wife', 'husband', 'son', 'daughter', 'mother', 'father', 'brother', 'sister', 'spouse', 'partner', 'fiance', 'fiancee',
  'grandmother', 'grandfather', 'grandson', 'granddaughter', 'aunt', 'uncle', 'niece', 'nephew', 'cousin', 'guardian',
  'caregiver', 'roommate', 'friend', 'neighbor', 'neighbour', 'boyfriend', 'girlfriend', 'stepson', 'stepdaughter',
  'stepmother', 'stepfather', 'mom', 'dad', 'sibling', 'employer', 'landlord', 'named', 'nee',
]);
const particles = new Set(['de', 'van', 'von', 'da', 'del', 'der', 'la', 'le', 'di', 'bin', 'al', 'dos', 'du', 'ten', 'ter']);
/** Capitalised words that end a name (sentence starters, verbs in title case, months, days, credentials). */
const stopWords = new Set([
  'the', 'a', 'an', 'he', 'she', 'his', 'her', 'they', 'their', 'them', 'it', 'this', 'that', 'these', 'those', 'we', 'i',
  'patient', 'pt', 'today', 'yesterday', 'tomorrow', 'on', 'in', 'at', 'was', 'is', 'are', 'has', 'had', 'have', 'and', 'or',
  'of', 'to', 'for', 'with', 'without', 'no', 'not', 'denies', 'reports', 'reported', 'presents', 'presented', 'also', 'who',
  'which', 'called', 'came', 'were', 'visited', 'by', 'via', 'per', 'mg', 'ml', 'bp', 'hr', 'md', 'do', 'rn', 'np', 'pa',
  'phd', 'dds', 'lpn', 'states', 'stated', 'says', 'said', 'notes', 'noted', 'will', 'may', 'can', 'should', 'would',
  'could', 'did', 'does', 'if', 'but', 'so', 'as', 'from', 'up', 'out', 'all', 'any', 'some', 'other', 'history',
  'hospital', 'clinic', 'center', 'medical', 'health', 'department', 'unit', 'room', 'street', 'avenue', 'road',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april',
  'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
  'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mrn', 'dob', 'ssn', 'id', 'phone', 'email', 'fax', 'address', 'age',
  'male', 'female', 'yes', 'see', 'plan', 'assessment', 'diagnosis', 'follow', 'admitted', 'discharged', 'seen',
  'home', 'work', 'cell', 'mobile', 'please', 'call', 'contact', 'emergency', 'name', 'date', 'time', 'note', 'notes',
]);

/** Never a name, even right after a title or label. */
const functionWords = new Set(['the', 'a', 'an', 'he', 'she', 'his', 'her', 'they', 'their', 'it', 'this', 'that', 'we', 'i', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'is', 'was', 'not', 'no']);

interface Word {
  start: number;
  end: number;
  lower: string;
  cap: boolean;
  /** A single letter followed by a period: "J." */
  initial: boolean;
}

const wordRe = /\p{L}[\p{L}\p{M}'’-]{0,40}/gu;

function tokenize(text: string): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(wordRe)) {
    const w = m[0];
    const first = w[0]!;
    const cap = first !== first.toLowerCase();
    const end = m.index + w.length;
    words.push({ start: m.index, end, lower: w.toLowerCase().replaceAll('’', "'"), cap, initial: cap && w.length === 1 && text[end] === '.' });
  }
  return words;
}

function gap(text: string, a: Word, b: Word): string {
  return text.slice(a.end, b.start);
}

/** Words of one name are separated by blanks, or ". " after an initial. */
function joins(text: string, a: Word, b: Word): boolean {
  const g = gap(text, a, b);
  // Blanked markup (XHTML tags) can leave longer runs of spaces between the parts of one name.
  if (/^[ \t]{1,16}$/.test(g)) return true;
  return a.initial && (g === '. ' || g === '.');
}

function inSet(set: ReadonlySet<string>, lower: string): boolean {
  if (set.has(lower)) return true;
  // Double-barrelled: "smith-jones" counts when any part does.
  if (lower.includes('-')) return lower.split('-').some((part) => set.has(part));
  return false;
}

/**
 * Finds person names in free text: after titles ("Dr."), labels ("Patient:") and relation
 * words ("his wife, ..."), and from the built-in dictionary (given names, or a given name
 * followed by a family name). Ambiguous dictionary words ("May", "Will", "Grant") need context.
 */
export function detectNames(text: string, dict: NameDictionary, out: Span[]): void {
  const words = tokenize(text);
  const n = words.length;
  let i = 0;
  while (i < n) {
    const w = words[i]!;
    const prev = i > 0 ? words[i - 1]! : undefined;
    const trigger = prev === undefined ? undefined : contextOf(text, prev, w);
    // After "Dr." or "Patient:" a capitalised word is a name even if it is also a word ("Dr. May").
    if (trigger !== undefined && (w.cap || trigger === 'label-any') && !functionWords.has(w.lower) && (trigger !== 'relation' || !stopWords.has(w.lower))) {
      const last = extend(text, words, i, 4, trigger === 'label-any');
      push(out, w.start, words[last]!.end, 'value:name-context');
      i = last + 1;
      continue;
    }
    if (!w.cap || stopWords.has(w.lower)) {
      i++;
      continue;
    }
    const next = i + 1 < n ? words[i + 1]! : undefined;
    const nextJoins = next !== undefined && next.cap && !stopWords.has(next.lower) && joins(text, w, next);
    const given = inSet(dict.given, w.lower);
    if (given || w.initial) {
      const ambiguous = !given || inSet(dict.ambiguousGiven, w.lower);
      if (nextJoins) {
        const family = inSet(dict.family, next.lower);
        const pairOk = family ? !(ambiguous && inSet(dict.ambiguousFamily, next.lower)) : !ambiguous;
        if (pairOk) {
          const last = extend(text, words, i, 3, false);
          push(out, w.start, words[last]!.end, 'value:name-dictionary');
          i = last + 1;
          continue;
        }
      }
      if (!ambiguous) {
        push(out, w.start, w.end, 'value:name-dictionary');
        i++;
        continue;
      }
    }
    // "Xyla Smith": an unknown capitalised word before an unambiguous family name.
    if (nextJoins && inSet(dict.family, next.lower) && !dict.ambiguousFamily.has(next.lower)) {
      push(out, w.start, next.end, 'value:name-dictionary');
      i += 2;
      continue;
    }
    // "Smith, John"
    if (next !== undefined && inSet(dict.family, w.lower) && next.cap && gap(text, w, next) === ', ' && inSet(dict.given, next.lower) && !dict.ambiguousGiven.has(next.lower)) {
      push(out, w.start, next.end, 'value:name-dictionary');
      i += 2;
      continue;
    }
    i++;
  }
}

type Trigger = 'title' | 'label' | 'label-any' | 'relation';

function contextOf(text: string, prev: Word, w: Word): Trigger | undefined {
  const g = gap(text, prev, w);
  if (titles.has(prev.lower) && (g === '. ' || g === ' ' || g === '.')) return 'title';
  if (labels.has(prev.lower) && /^:[ \t]{0,3}$/.test(g)) return prev.lower === 'name' ? 'label-any' : 'label';
  if (relations.has(prev.lower) && /^(?:[,:]?[ \t]{1,2}|[ \t]\()$/.test(g)) return 'relation';
  return undefined;
}

/** The index of the last word of a name starting at `i` (at most `max` words). */
function extend(text: string, words: Word[], i: number, max: number, anyCase: boolean): number {
  let last = i;
  for (let j = i + 1; j < words.length && j - i < max; j++) {
    const a = words[j - 1]!;
    const b = words[j]!;
    if (!joins(text, a, b) || stopWords.has(b.lower)) break;
    if (!(b.cap || anyCase || (particles.has(b.lower) && j + 1 < words.length && words[j + 1]!.cap))) break;
    last = j;
  }
  return last;
}

function push(out: Span[], start: number, end: number, rule: string): void {
  out.push({ start, end, category: 'name', rule, priority: Priority.name });
}
