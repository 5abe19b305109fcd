import { AMBIGUOUS_FAMILY_NAMES, AMBIGUOUS_GIVEN_NAMES, CLINICAL_WORDS, EPONYM_NOUNS, FAMILY_NAMES, GIVEN_NAMES, NON_SURNAME_WORDS, ORDINARY_WORDS } from './word-lists.js';
import type { Span } from './span.js';
import { Priority } from './span.js';

/** The name and word lists, built once per engine. */
export interface NameDictionary {
  /**
   * Every listed word, lower-cased -> its `Lex` bits: given and family names (and which of them
   * are also ordinary words), frequent English words, clinical words, eponym nouns, and the
   * detector's own context words.
   */
  readonly lexicon: ReadonlyMap<string, number>;
}

export function createNameDictionary(): NameDictionary {
  const lexicon = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: Lex): void => {
    for (const w of words) lexicon.set(w, (lexicon.get(w) ?? 0) | bit);
  };
  const lower = (words: readonly string[]): string[] => words.map((w) => w.toLowerCase());
  mark(lower(GIVEN_NAMES), Lex.Given);
  mark(lower(FAMILY_NAMES), Lex.Family);
  mark(lower(AMBIGUOUS_GIVEN_NAMES), Lex.AmbiguousGiven);
  mark(lower(AMBIGUOUS_FAMILY_NAMES), Lex.AmbiguousFamily);
  // Given names the word endings below would hide ("-sion", "-tion"); words too, so ambiguous.
  mark(['ascension', 'conception', 'assumption'], Lex.Given | Lex.AmbiguousGiven);
  // Frequent English words (unambiguous names excluded): a capitalised one is not an unknown name.
  mark(ORDINARY_WORDS, Lex.Ordinary);
  // Departments, eponyms, drugs and headings: never an unknown name.
  mark(CLINICAL_WORDS, Lex.Clinical);
  // Unless a listed surname too ("English", "French"): a surname stays one.
  mark(NON_SURNAME_WORDS.filter((w) => !listed(lexicon, w, Lex.Family | Lex.AmbiguousFamily)), Lex.Clinical | Lex.NotSurname);
  // "disease", "syndrome", ...: the capitalised word before one is an eponym.
  mark(EPONYM_NOUNS, Lex.EponymNoun);
  mark(titles, Lex.Title);
  mark(labels, Lex.Label);
  mark(relations, Lex.Relation);
  mark(particles, Lex.Particle);
  mark(stopWords, Lex.Stop);
  mark(softLabels, Lex.SoftLabel);
  mark(softStop, Lex.SoftStop);
  mark(functionWords, Lex.FunctionWord);
  for (const [preposition, verbs] of phraseVerbs) {
    const [prepositionBit, verbBit] = phraseBits[preposition]!;
    mark([preposition], prepositionBit);
    mark(verbs, verbBit);
  }
  return { lexicon };
}

/** What a lower-cased word is, one bit per word list: a word costs one lookup, not one per list. */
const enum Lex {
  Given = 1,
  Family = 2,
  AmbiguousGiven = 4,
  AmbiguousFamily = 8,
  Ordinary = 16,
  Clinical = 32,
  EponymNoun = 64,
  Title = 128,
  Label = 256,
  Relation = 512,
  Particle = 1024,
  Stop = 2048,
  SoftLabel = 4096,
  SoftStop = 8192,
  FunctionWord = 16384,
  By = 1 << 15,
  With = 1 << 16,
  To = 1 << 17,
  VerbBeforeBy = 1 << 18,
  VerbBeforeWith = 1 << 19,
  VerbBeforeTo = 1 << 20,
  NotSurname = 1 << 21,
}

/** `word` (lower-cased) is on any of the lists in `bits`. */
function listed(lexicon: ReadonlyMap<string, number>, word: string, bits: Lex): boolean {
  return ((lexicon.get(word) ?? 0) & bits) !== 0;
}

/** Bits of the prepositions of `phraseVerbs` and of the verbs before each. */
const phraseBits: Readonly<Record<string, readonly [Lex, Lex]>> = {
  by: [Lex.By, Lex.VerbBeforeBy],
  with: [Lex.With, Lex.VerbBeforeWith],
  to: [Lex.To, Lex.VerbBeforeTo],
};

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
/** Lower-case words inside a family name ("van der Meulen", "de la Cruz"); at most two in a row. */
const particles = new Set([
  'de', 'van', 'von', 'vom', 'zu', 'zur', 'da', 'del', 'della', 'dei', 'degli', 'der', 'den', 'des', 'la', 'le', 'di', 'bin',
  'al', 'dos', 'das', 'du', 'te', 'ten', 'ter',
]);
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

/** Without a colon these still introduce a name: "Patient Augusta Lovelace", "guarantor Ann Lee". */
const softLabels = new Set([
  'patient', 'pt', 'contact', 'guarantor', 'subscriber', 'insured', 'informant', 'caller', 'witness', 'proxy', 'nok',
  'called', 'paged', 'texted', 'emailed', 'phoned',
]);
/** "seen by X", "spoke with X", "talked to X": the verb before the preposition makes it a person. */
const phraseVerbs: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['by', new Set(['seen', 'accompanied', 'referred', 'signed', 'examined', 'evaluated', 'treated', 'visited', 'reviewed', 'brought', 'dictated', 'authored', 'attended', 'escorted', 'transported', 'interpreted', 'witnessed', 'cosigned'])],
  ['with', new Set(['spoke', 'speaking', 'talked', 'talking', 'met', 'meeting', 'discussed', 'consulted', 'lives', 'living', 'resides', 'staying', 'reviewed', 'confirmed', 'verified'])],
  ['to', new Set(['spoke', 'talked', 'speaking', 'talking', 'married', 'engaged', 'sent', 'given', 'released', 'discharged', 'handed'])],
]);
/** "Patient Denies chest pain": title-case words that follow a soft context word and are no name. */
const softStop = new Set(['denies', 'reports', 'presents', 'states', 'endorses', 'agrees', 'declines', 'refuses', 'tolerated', 'is', 'was', 'has', 'had', 'will', 'may', 'name', 'id', 'care', 'education', 'portal', 'instructions', 'information', 'safety', 'history', 'summary', 'status', 'back', 'again', 'today']);

/** Never a name, even right after a title or label. */
const functionWords = new Set(['the', 'a', 'an', 'he', 'she', 'his', 'her', 'they', 'their', 'it', 'this', 'that', 'we', 'i', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'is', 'was', 'not', 'no']);

/** The words of a text as parallel arrays (no object per word); lower-case forms on demand. */
class Words {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  private readonly lowers: Array<string | undefined> = [];
  /** `Lex` bits per word (-1: not looked up yet). */
  private readonly lex: number[] = [];

  constructor(
    readonly text: string,
    private readonly lexicon: ReadonlyMap<string, number>,
  ) {
    tokenize(text, this.starts, this.ends);
    // Filled up front: stores at scattered indices would make the array sparse (slow).
    const lowers = this.lowers;
    const lex = this.lex;
    for (let i = this.starts.length; i > 0; i--) {
      lowers.push(undefined);
      lex.push(-1);
    }
  }

  /** Word `i` is on any of the lists in `bits`. */
  is(i: number, bits: Lex): boolean {
    let b = this.lex[i]!;
    if (b === -1) {
      b = this.lexicon.get(this.lower(i)) ?? 0;
      this.lex[i] = b;
    }
    return (b & bits) !== 0;
  }

  /** Word `i` is a name on list `bit`; a double-barrelled one ("smith-jones") when any part is. */
  named(i: number, bit: Lex): boolean {
    if (this.is(i, bit)) return true;
    const lower = this.lower(i);
    return lower.includes('-') && lower.split('-').some((part) => listed(this.lexicon, part, bit));
  }

  get length(): number {
    return this.starts.length;
  }

  lower(i: number): string {
    let l = this.lowers[i];
    if (l === undefined) {
      l = this.text.slice(this.starts[i], this.ends[i]).toLowerCase();
      if (l.includes('’')) l = l.replaceAll('’', "'");
      this.lowers[i] = l;
    }
    return l;
  }

  cap(i: number): boolean {
    const c = this.text.charCodeAt(this.starts[i]!);
    if (c < 128) return c >= 65 && c <= 90;
    const first = this.text[this.starts[i]!]!;
    return first !== first.toLowerCase();
  }

  /** Character `k` of word `i` is an ASCII capital ("IDentifier" at 1; names have "McKay" at 2 at most). */
  capitalAt(i: number, k: number): boolean {
    const c = this.text.charCodeAt(this.starts[i]! + k);
    return c >= 65 && c <= 90;
  }

  /** A single capital letter followed by a period: "J." */
  initial(i: number): boolean {
    const end = this.ends[i]!;
    return end - this.starts[i]! === 1 && this.text.charCodeAt(end) === 46 && this.cap(i);
  }

  gap(a: number, b: number): string {
    return this.text.slice(this.ends[a], this.starts[b]);
  }

  /** Capitalised with some lower case after the first letter ("Anton", "O'Brien"; not "ICU"). */
  titleShaped(i: number): boolean {
    if (!this.cap(i)) return false;
    const text = this.text;
    for (let k = this.starts[i]! + 1; k < this.ends[i]!; k++) {
      const c = text.charCodeAt(k);
      if (c >= 97 && c <= 122) return true;
      if (c >= 128 && text[k]!.toUpperCase() !== text[k]) return true;
    }
    return false;
  }

  /** Only blanks (one or two) between words `a` and `b`. */
  blankGap(a: number, b: number): boolean {
    const len = this.starts[b]! - this.ends[a]!;
    if (len < 1 || len > 2) return false;
    for (let k = this.ends[a]!; k < this.starts[b]!; k++) {
      const c = this.text.charCodeAt(k);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }
}

/** The pattern the tokenizer implements: `\p{L}[\p{L}\p{M}'’-]{0,40}`; used as is for non-ASCII words. */
const wordRe = /^\p{L}[\p{L}\p{M}'’-]{0,40}/u;
const letterRe = /^\p{L}/u;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Splits text into words with a char loop (ASCII) and the unicode pattern only where it is needed. */
function tokenize(text: string, starts: number[], ends: number[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 && !isAsciiLetter(c)) {
      i++;
      continue;
    }
    if (c >= 128 && !letterRe.test(text.slice(i, i + 2))) {
      i++;
      continue;
    }
    const start = i;
    let j = i + 1;
    let ascii = c < 128;
    while (ascii && j < n && j - start <= 40) {
      const d = text.charCodeAt(j);
      if (isAsciiLetter(d) || d === 39 || d === 45) j++;
      else if (d >= 128) ascii = false;
      else break;
    }
    if (!ascii) {
      const m = wordRe.exec(text.slice(start, start + 96));
      j = start + (m === null ? 1 : m[0].length);
    }
    i = j;
    // One to three letters glued to a digit after them start a code ("S72.001A", "HbA1c", "B12"),
    // not a name. (A longer word stays one: "Dr. Xylander10.0.0.12" reads the same once the IP is ours.)
    const next = text.charCodeAt(j);
    if (j - start <= 3 && next >= 48 && next <= 57) continue;
    starts.push(start);
    ends.push(j);
  }
}

/** Words of one name are separated by blanks, or ". " after an initial. */
function joins(words: Words, a: number, b: number): boolean {
  const text = words.text;
  const from = words.ends[a]!;
  const to = words.starts[b]!;
  const len = to - from;
  // Blanked markup (XHTML tags) can leave longer runs of spaces between the parts of one name.
  if (len >= 1 && len <= 16) {
    let blanks = true;
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 9) {
        blanks = false;
        break;
      }
    }
    if (blanks) return true;
  }
  if (!words.initial(a)) return false;
  return (len === 2 && text.charCodeAt(from) === 46 && text.charCodeAt(from + 1) === 32) || (len === 1 && text.charCodeAt(from) === 46);
}

/** Where the name rules look: word `i` of `words`, and what the loop knows of it already. */
export interface NameSite {
  readonly words: Words;
  readonly dict: NameDictionary;
  i: number;
  /** Word `i` is capitalised. */
  cap: boolean;
  /** Word `i` is a lower-case particle before a capitalised name ("Dr. van der Berg"). */
  particleLed: boolean;
  /** The context word right before word `i`, if any ("Dr.", "Patient:", "his wife,"). */
  trigger: Trigger | undefined;
}

/** A name from word `i` to word `last` (counted under `rule`), the scan going on at `next` (default `last + 1`). */
export interface NameMatch {
  readonly last: number;
  readonly rule: string;
  readonly next?: number;
}

/**
 * One step of the name cascade: a name found at the site, `skip` (word `i` starts no name:
 * the later rules are not asked), or undefined (this rule does not apply: ask the next one).
 */
export interface NameRule {
  readonly id: string;
  /** Why the rule stands where it does in the order. */
  readonly reason: string;
  /**
   * Where it can answer at all (the loop tests this before calling `apply`): `capitalised`
   * words, `lower-case` ones, words after a context word (`context`) or not (`no-context`).
   */
  readonly at: ReadonlyArray<'capitalised' | 'lower-case' | 'context' | 'no-context'>;
  apply(site: NameSite): NameMatch | 'skip' | undefined;
}

const AT_CAPITALISED = 1;
const AT_LOWER_CASE = 2;
const AT_CONTEXT = 4;
const AT_NO_CONTEXT = 8;
const atBits = { capitalised: AT_CAPITALISED, 'lower-case': AT_LOWER_CASE, context: AT_CONTEXT, 'no-context': AT_NO_CONTEXT } as const;

/**
 * The name rules, in the order they are asked for each word that can start a name (a
 * capitalised word, a particle before a capitalised one, or any word right after "Name:").
 * The first rule that answers decides. Examples of each are in name-rules.spec.ts.
 */
export const NAME_RULES: readonly NameRule[] = [
  {
    id: 'lone-given-name',
    at: ['capitalised', 'no-context'],
    reason: 'A sentence that opens with a lone given name before a verb only a person does ("Marisol phoned about her refill") has no other clue; it is asked first because the later rules would read the name with the next sentence.',
    apply: (s) => (s.cap && s.trigger === undefined && loneGivenName(s.words, s.i) ? { last: s.i, rule: 'value:name-sentence-start', next: s.i + 2 } : undefined),
  },
  {
    id: 'context',
    at: ['context'],
    reason: 'After a title, a label with a colon or a relation word ("Dr. May", "Patient: Rose Gray", "his wife, Hope") a capitalised word is a name even if it is also a word: context beats every list.',
    apply: (s) => {
      const { words, i, trigger } = s;
      if (trigger === undefined || !(s.cap || s.particleLed || trigger === 'label-any') || words.is(i, Lex.FunctionWord) || (trigger === 'relation' && words.is(i, Lex.Stop))) return undefined;
      return { last: extend(words, i, 4, trigger === 'label-any'), rule: 'value:name-context' };
    },
  },
  {
    id: 'lower-case',
    at: ['lower-case'],
    reason: 'Without context a name starts with a capital: a lower-case particle or a word after "Name:" that context did not take is no name.',
    apply: (s) => (s.cap ? undefined : 'skip'),
  },
  {
    id: 'stop-word-given-name',
    at: ['capitalised'],
    reason: 'A capitalised stop word ends every other rule ("The", "Will", "June"); it is a name only when it is a listed given name before a surname ("June Carter", "Jan Kok"; a modal verb only after context: "seen by Will Kok").',
    apply: (s) => {
      const { words, dict, i } = s;
      if (!words.is(i, Lex.Stop)) return undefined;
      const last = words.is(i, Lex.Given) ? stopWordGivenName(words, dict, i, s.trigger !== undefined || (i > 0 && softContextBefore(words, i))) : -1;
      return last > i ? { last, rule: 'value:name-dictionary' } : 'skip';
    },
  },
  {
    id: 'soft-context',
    at: ['capitalised', 'no-context'],
    reason: 'A context word without a colon ("Patient Augusta Lovelace", "seen by Anton Kluwe", "called Ann Lee") is weaker than a label: it takes name-like words, or an ordinary word only before a listed family name ("Patient Rose Gray", not "Patient Denies").',
    apply: (s) => {
      const { words, dict, i } = s;
      if (s.trigger !== undefined || i === 0 || !softContextBefore(words, i)) return undefined;
      const last = softName(words, dict, i);
      return last >= i ? { last, rule: 'value:name-context' } : undefined;
    },
  },
  {
    id: 'dictionary-or-pattern',
    at: ['capitalised'],
    reason: 'Without context: a listed given name (with its surname), an unknown word before a listed family name ("Xyla Smith"), "Smith, John", or two name-like words that are neither ordinary nor clinical ("Anton Kluwe"); unless the word is an eponym before a disease noun ("Addison disease").',
    apply: (s) => {
      const found = dictionaryOrPatternName(s.words, s.dict, s.i);
      return found !== undefined && !eponymAfter(s.words, s.i) ? found : undefined;
    },
  },
];

/** Each rule's `at`, as bits: all of them must hold. */
const ruleAt: readonly number[] = NAME_RULES.map((r) => r.at.reduce((bits, a) => bits | atBits[a], 0));

/** Which name rule found a name, and where: what `explainNames` returns. */
export interface NameExplanation {
  readonly start: number;
  readonly end: number;
  /** The `NAME_RULES` id. */
  readonly nameRule: string;
  /** The rule counted in the masking summary (`value:name-context`, ...). */
  readonly rule: string;
}

/**
 * Finds person names in free text: after titles ("Dr."), labels ("Patient:") and relation
 * words ("his wife, ..."), and from the built-in dictionary (given names, or a given name
 * followed by a family name). Ambiguous dictionary words ("May", "Will", "Grant") need context.
 * With `explain`, records which of `NAME_RULES` found each name.
 */
export function detectNames(text: string, dict: NameDictionary, out: Span[], explain?: NameExplanation[]): void {
  const words = new Words(text, dict.lexicon);
  const n = words.length;
  const site: NameSite = { words, dict, i: 0, cap: false, particleLed: false, trigger: undefined };
  let i = 0;
  while (i < n) {
    const cap = words.cap(i);
    // Only a capitalised word can start a name, except right after "Name:" and a particle
    // before a capitalised one ("Dr. van der Berg").
    const particleLed = !cap && particleBeforeName(words, i);
    if (!cap && !particleLed && !(i > 0 && labelAnyBefore(words, i))) {
      i++;
      continue;
    }
    site.i = i;
    site.cap = cap;
    site.particleLed = particleLed;
    site.trigger = i > 0 ? contextOf(words, i - 1, i) : undefined;
    let next = i + 1;
    const where = (cap ? AT_CAPITALISED : AT_LOWER_CASE) | (site.trigger === undefined ? AT_NO_CONTEXT : AT_CONTEXT);
    for (let r = 0; r < NAME_RULES.length; r++) {
      // Rules that cannot answer here are not called (a capitalised word without context asks four, not six).
      if ((ruleAt[r]! & where) !== ruleAt[r]) continue;
      const rule = NAME_RULES[r]!;
      const m = rule.apply(site);
      if (m === undefined) continue;
      if (m !== 'skip') {
        push(out, words.starts[i]!, words.ends[m.last]!, m.rule);
        explain?.push({ start: words.starts[i]!, end: words.ends[m.last]!, nameRule: rule.id, rule: m.rule });
        next = m.next ?? m.last + 1;
      }
      break;
    }
    i = next;
  }
}

/** The names `detectNames` finds in `text`, each with the rule that found it (for specs and `--explain`; never logged). */
export function explainNames(text: string, dict: NameDictionary): NameExplanation[] {
  const explained: NameExplanation[] = [];
  detectNames(text, dict, [], explained);
  return explained;
}

/** Verbs that, right after a sentence's first word, say that word is a person. */
const personVerbs: ReadonlySet<string> = new Set(
  ('phoned called calls reports reported states stated denies denied says said complains complained asked asks wants wanted agreed agrees ' +
    'declined declines refused refuses prefers preferred arrived presented came visited emailed texted returned feels felt mentioned mentions ' +
    'confirmed confirms requested requests cancelled canceled missed walked lives lived works worked notes noted endorses endorsed tolerated ' +
    'understands understood verbalized verbalizes consented consents signed').split(' '),
);

function loneGivenName(words: Words, i: number): boolean {
  if (i + 1 >= words.length || words.cap(i + 1) || !personVerbs.has(words.lower(i + 1))) return false;
  if (words.gap(i, i + 1) !== ' ') return false;
  if (i > 0) {
    const before = words.gap(i - 1, i).trimEnd();
    const end = before[before.length - 1];
    if (end !== '.' && end !== '!' && end !== '?' && !words.gap(i - 1, i).includes('\n')) return false;
  } else if (words.starts[0]! > 0 && words.text.slice(0, words.starts[0]).trim() !== '') return false;
  if (words.is(i, Lex.Clinical) || words.is(i, Lex.FunctionWord) || words.is(i, Lex.Title) || words.is(i, Lex.Relation)) return false;
  return words.is(i, Lex.Given) || words.is(i, Lex.AmbiguousGiven) || !words.is(i, Lex.Ordinary);
}

/**
 * A name starting at capitalised word `i` found by the dictionary or the name pattern: the
 * index of its last word and the rule that found it, or undefined.
 */
function dictionaryOrPatternName(words: Words, dict: NameDictionary, i: number): { last: number; rule: string } | undefined {
  const hasNext = i + 1 < words.length;
  // The next capitalised word, possibly behind particles ("Julia van der Meulen").
  const next = hasNext ? afterParticles(words, i) : -1;
  const nextJoins = next !== -1 && words.cap(next) && !words.is(next, Lex.Stop);
  const given = words.named(i, Lex.Given);
  if (given || words.initial(i)) {
    const ambiguous = !given || words.named(i, Lex.AmbiguousGiven);
    if (nextJoins) {
      let pairOk: boolean;
      if (words.named(next, Lex.Family)) pairOk = !(ambiguous && words.named(next, Lex.AmbiguousFamily));
      // A given name that is also a word ("Rick", "Iris") needs a surname after it: a listed one,
      // or a word that looks like a name and nothing else ("Iris Nijland").
      else if (ambiguous) pairOk = given && surnameLike(words, dict, next);
      // "Max Troponin": no drug or lab word is a surname (an eponym is: "Oliver Sjögren").
      else pairOk = !words.is(next, Lex.NotSurname);
      // Name-like words after it belong to it too ("Miguel Córdova de Xairo Belmonte").
      if (pairOk) return { last: extendNameLike(words, dict, extend(words, i, 3, false), i + 6), rule: 'value:name-dictionary' };
    }
    // "ED", "BO": two capitals alone are an abbreviation, not a given name.
    if (!ambiguous && (words.ends[i]! - words.starts[i]! > 2 || words.titleShaped(i))) return { last: i, rule: 'value:name-dictionary' };
  }
  // "Xyla Smith": an unknown capitalised word right before an unambiguous family name.
  if (next === i + 1 && nextJoins && words.named(next, Lex.Family) && !words.is(next, Lex.AmbiguousFamily)) return { last: next, rule: 'value:name-dictionary' };
  // "Smith, John"
  if (hasNext && words.named(i, Lex.Family) && words.cap(i + 1) && words.gap(i, i + 1) === ', ' && words.named(i + 1, Lex.Given) && !words.is(i + 1, Lex.AmbiguousGiven)) {
    return { last: i + 1, rule: 'value:name-dictionary' };
  }
  // "Anton Kluwe", "Thijs de Graaf": two name-like words that are neither ordinary nor clinical.
  if (hasNext && nameLike(words, dict, i)) {
    const second = nextNamePart(words, dict, i);
    if (second !== -1) return { last: extendNameLike(words, dict, second, i + 2), rule: 'value:name-pattern' };
  }
  return undefined;
}

/**
 * A given name that is also a month or a verb ("June", "Jan", "Will") starting at word `i`: a
 * name before a listed unambiguous surname, or before any name-like word ("Jan Kok") unless it
 * is a modal verb ("Will Zofran help?"), which needs context first ("seen by Will Kok"). The
 * index of its last word, or -1.
 */
function stopWordGivenName(words: Words, dict: NameDictionary, i: number, inContext: boolean): number {
  const j = afterParticles(words, i);
  if (j === -1 || !words.cap(j) || words.is(j, Lex.Stop)) return -1;
  const listedSurname = words.named(j, Lex.Family) && !words.named(j, Lex.AmbiguousFamily);
  const nameLikeSurname = (inContext || !modalGivenNames.has(words.lower(i))) && surnameLike(words, dict, j);
  return listedSurname || nameLikeSurname ? extend(words, i, 3, false) : -1;
}

/** Word `j`, unlisted, could be a surname: name-like and in plain title case ("Nijland", not "IDentifier"). */
function surnameLike(words: Words, dict: NameDictionary, j: number): boolean {
  return !words.capitalAt(j, 1) && nameLike(words, dict, j);
}

/** Given names that are also modal verbs: at a sentence start they are mostly the verb. */
const modalGivenNames = new Set(['will', 'may']);

/** Lower-case word `i` is a particle after a capitalised word and before a capitalised name ("Dr. de Vries"). */
function particleBeforeName(words: Words, i: number): boolean {
  // Cheap tests first: this runs for lower-case words.
  if (i === 0 || words.ends[i]! - words.starts[i]! > 5 || !words.cap(i - 1) || !words.is(i, Lex.Particle)) return false;
  const k = afterParticles(words, i);
  return k !== -1 && words.cap(k) && !words.is(k, Lex.Stop);
}

/**
 * The word after word `i` that would continue a name, behind at most two particles ("de",
 * "van der"; a capitalised one only before another capitalised word: "La" in "Antino La Porta",
 * but "Le" in "Anna Le agreed" is the surname), if it joins the word before it; -1 otherwise.
 */
function afterParticles(words: Words, i: number): number {
  const n = words.length;
  let j = i + 1;
  while (j < n && j - i <= 2 && words.is(j, Lex.Particle) && joins(words, j - 1, j) && (!words.cap(j) || (j + 1 < n && words.cap(j + 1)))) j++;
  return j < n && joins(words, j - 1, j) ? j : -1;
}

/**
 * "Addison disease", "Hodgkin lymphoma": word `i` is an eponym, not a person. Looked at only
 * when word `i` would otherwise start a name found by the dictionary or the name pattern.
 */
function eponymAfter(words: Words, i: number): boolean {
  return i + 1 < words.length && words.blankGap(i, i + 1) && words.is(i + 1, Lex.EponymNoun);
}

/** Tokens this long are medical terms far more often than names ("Electrophoresis"). */
const maxUnknownNameLength = 12;
/** Endings of medical terms, drug classes and English derived words ("Amputation", "Depressive"), for words of 7+ letters. */
const medicalSuffixRe =
  /(?:tion|sion|ness|ive|ous|ular|uria|lapse|itis|osis|emia|aemia|oma|pathy|ectomy|otomy|ostomy|plasty|scopy|graphy|gram|logy|logist|iasis|algia|pril|sartan|olol|statin|azole|cillin|mycin|cycline|floxacin|vir|mab|nib|tide|dipine|zepam|zolam|codone|morphine|profen|triptan|semide|thiazide|formin|gliptin|gliflozin|parin|xaban|gatran|lukast|terol|olone|asone|tidine|prazole|setron|afil|oxetine|triptyline|amine|azine|ase|cyte)$/;

/** Word `i` or a plain inflection of it ("Follows", "Denied", "Walking") is ordinary English. */
function isOrdinary(words: Words, dict: NameDictionary, i: number): boolean {
  if (words.is(i, Lex.Ordinary)) return true;
  const ordinary = (word: string): boolean => listed(dict.lexicon, word, Lex.Ordinary);
  const lower = words.lower(i);
  const n = lower.length;
  if (n > 3 && lower.endsWith('s') && ordinary(lower.slice(0, -1))) return true;
  if (n > 4 && lower.endsWith('es') && ordinary(lower.slice(0, -2))) return true;
  if (n > 4 && lower.endsWith('ed') && (ordinary(lower.slice(0, -2)) || ordinary(lower.slice(0, -1)))) return true;
  if (n > 5 && lower.endsWith('ing') && ordinary(lower.slice(0, -3))) return true;
  return false;
}

function isUnambiguousName(words: Words, i: number): boolean {
  return (words.is(i, Lex.Given) && !words.is(i, Lex.AmbiguousGiven)) || (words.is(i, Lex.Family) && !words.is(i, Lex.AmbiguousFamily));
}

/** Title case, and a known unambiguous name or a word that is neither ordinary, clinical nor a term by its suffix. */
function nameLike(words: Words, dict: NameDictionary, i: number): boolean {
  if (!words.titleShaped(i)) return false;
  if (words.is(i, Lex.Stop | Lex.FunctionWord | Lex.Title)) return false;
  if (isUnambiguousName(words, i)) return true;
  const lower = words.lower(i);
  if (lower.length > maxUnknownNameLength || lower.length < 2 || lower.endsWith("'s")) return false;
  if (words.is(i, Lex.Clinical) || isOrdinary(words, dict, i)) return false;
  // "Follow-up", "X-ray", "Check-in": every part a word.
  if (lower.includes('-') && lower.split('-').every((part) => part.length < 2 || listed(dict.lexicon, part, Lex.Ordinary | Lex.Clinical))) return false;
  return !(lower.length >= 7 && medicalSuffixRe.test(lower));
}

/** After word `i`: the next name-like word, possibly behind particles ("de", "van der"); -1 if none. */
function nextNamePart(words: Words, dict: NameDictionary, i: number): number {
  const j = afterParticles(words, i);
  if (j === -1 || words.is(j, Lex.EponymNoun)) return -1;
  if (nameLike(words, dict, j)) return j;
  // "Acrisio Di Maria": after a capitalised particle, a title-case word is the surname even if it is also a word.
  return j > i + 1 && words.cap(i + 1) && words.titleShaped(j) && !words.is(j, Lex.Stop | Lex.Clinical) ? j : -1;
}

/** Extends a name ending at `last` by name-like words while it stays within `limit` words. */
function extendNameLike(words: Words, dict: NameDictionary, last: number, limit: number): number {
  while (last < limit) {
    const next = nextNamePart(words, dict, last);
    if (next === -1 || next > limit) break;
    last = next;
  }
  return last;
}

/** A soft context word ("Patient", "called", "seen by") right before word `i`, separated by blanks. */
function softContextBefore(words: Words, i: number): boolean {
  const prev = i - 1;
  if (!words.blankGap(prev, i)) return false;
  if (words.is(prev, Lex.SoftLabel)) return true;
  const verb = words.is(prev, Lex.By) ? Lex.VerbBeforeBy : words.is(prev, Lex.With) ? Lex.VerbBeforeWith : words.is(prev, Lex.To) ? Lex.VerbBeforeTo : 0;
  return verb !== 0 && prev > 0 && words.blankGap(prev - 1, prev) && words.is(prev - 1, verb);
}

/**
 * The last word of a name right after a soft context word, or -1. One to three title-case
 * words; an ordinary first word ("Patient Will follow", "Patient Denies") needs a name-like
 * or dictionary family name after it.
 */
function softName(words: Words, dict: NameDictionary, i: number): number {
  if (!words.titleShaped(i)) return -1;
  if (words.is(i, Lex.SoftStop | Lex.FunctionWord | Lex.Stop | Lex.Title)) return -1;
  if (!nameLike(words, dict, i)) {
    if (words.is(i, Lex.Clinical) || words.lower(i).endsWith("'s")) return -1;
    // An ordinary first word needs a dictionary family name after it: "Patient Rose Gray".
    const next = i + 1;
    if (next >= words.length || !softPart(words, dict, i, next) || !words.named(next, Lex.Family)) return -1;
    return softExtend(words, dict, next, i + 2);
  }
  return softExtend(words, dict, i, i + 2);
}

/** Word `j` continues a name after soft context: name-like, or any dictionary name ("Douglas Walker"). */
function softPart(words: Words, dict: NameDictionary, prev: number, j: number): boolean {
  if (!words.blankGap(prev, j) || !words.titleShaped(j)) return false;
  if (words.is(j, Lex.Stop | Lex.Clinical | Lex.EponymNoun)) return false;
  return nameLike(words, dict, j) || words.named(j, Lex.Given) || words.named(j, Lex.Family);
}

function softExtend(words: Words, dict: NameDictionary, last: number, limit: number): number {
  while (last < limit && last + 1 < words.length) {
    const next = softPart(words, dict, last, last + 1) ? last + 1 : nextNamePart(words, dict, last);
    if (next === -1 || next > limit + 1) break;
    last = next;
  }
  return last;
}

type Trigger = 'title' | 'label' | 'label-any' | 'relation';

const labelGapRe = /^:[ \t]{0,3}$/;
const maxContextWord = Math.max(...[...titles, ...labels, ...relations].map((w) => w.length));
const relationGapRe = /^(?:[,:]?[ \t]{1,2}|[ \t]\()$/;

/** "Name:" right before word `i` (which then counts even in lower case). */
function labelAnyBefore(words: Words, i: number): boolean {
  const from = words.ends[i - 1]!;
  return words.text.charCodeAt(from) === 58 && words.ends[i - 1]! - words.starts[i - 1]! === 4 && words.lower(i - 1) === 'name' && labelGapRe.test(words.gap(i - 1, i));
}

function contextOf(words: Words, prev: number, w: number): Trigger | undefined {
  // Every context word is 2 to 13 letters: longer ones need no lower-casing.
  const len = words.ends[prev]! - words.starts[prev]!;
  if (len > maxContextWord) return undefined;
  const pl = words.lower(prev);
  const title = words.is(prev, Lex.Title);
  const label = words.is(prev, Lex.Label);
  const relation = words.is(prev, Lex.Relation);
  if (!title && !label && !relation) return undefined;
  const g = words.gap(prev, w);
  if (title && (g === '. ' || g === ' ' || g === '.')) return 'title';
  if (label && labelGapRe.test(g)) return pl === 'name' ? 'label-any' : 'label';
  if (relation && relationGapRe.test(g)) return 'relation';
  return undefined;
}

/**
 * The index of the last word of a name starting at `i`: at most `max` words, not counting
 * particles, which join only before a capitalised word ("van der Meulen").
 */
function extend(words: Words, i: number, max: number, anyCase: boolean): number {
  let last = i;
  const n = words.length;
  for (let j = i + 1, taken = 1; j < n && taken < max; taken++) {
    if (!joins(words, j - 1, j) || words.is(j, Lex.Stop)) break;
    if (words.cap(j) || anyCase) {
      last = j++;
      continue;
    }
    const k = afterParticles(words, j - 1);
    if (k <= j || !words.cap(k) || words.is(k, Lex.Stop)) break;
    last = k;
    j = k + 1;
  }
  return last;
}

function push(out: Span[], start: number, end: number, rule: string): void {
  out.push({ start, end, category: 'name', rule, priority: Priority.name });
}
