import type { PhiCategory } from './phi-category.js';
import type { Span } from './span.js';
import { Priority } from './span.js';
import { isValidVin } from './vin.js';
import { isAsciiLetter, startsWord } from './word-start.js';
import { RECOGNIZERS } from './recognizers/registry.js';
import type { RecognizerMatcher } from './recognizers/recognizer.js';
import { isIPv6 } from 'node:net';

// Every pattern here is linear: bounded repetitions, fixed delimiters between repeated
// groups, and no alternation under an unbounded quantifier (see the adversarial specs).

/**
 * Cheap facts about a string, computed in one pass, that decide which detectors can possibly
 * fire: most strings (codes, statuses, prose) need no regex at all.
 */
export interface TextTraits {
  digit: boolean;
  /** How many ASCII digits: most detectors need several. */
  digits: number;
  /** The longest run of consecutive ASCII digits. */
  maxDigitRun: number;
  /** Some maximal digit run is 2 or 3 digits long (an age). */
  shortDigitRun: boolean;
  /** The longest run of [A-Z0-9] (a VIN needs 17). */
  maxUpperAlnumRun: number;
  /** The longest run between token boundaries (a base64 payload needs 40). */
  maxTokenRun: number;
  upper: boolean;
  at: boolean;
  colon: boolean;
  colons: number;
  /** `://` occurs (a URL scheme). */
  scheme: boolean;
  /** `www.` occurs, in any case. */
  www: boolean;
  plus: boolean;
  comma: boolean;
  /** `[` occurs (our `[REDACTED:...]` placeholders). */
  bracket: boolean;
  /** `_` occurs (our `tok_...` tokens). */
  underscore: boolean;
  /** `*` occurs (our partial forms). */
  star: boolean;
  dots: number;
  /** Count of `-`, `/` and `.`: a numeric date needs two. */
  dateSeps: number;
  /** `-` or a blank occurs (SSN groups). */
  dashOrBlank: boolean;
  /** A run of exactly 3 digits, `-` or a blank, then a run of exactly 2 (an SSN's first groups). */
  ssnShape: boolean;
  /** A run of exactly 4 digits, `-`, `/` or `.`, then a digit (an ISO-style date). */
  yearThenSeparator: boolean;
  /** A run of 1 or 2 digits, `-`, `/` or `.`, then a digit (a numeric date). */
  shortThenSeparator: boolean;
  /** A run of at most 6 digits, then a blank or tab (a house number). */
  shortThenBlank: boolean;
  /** A run of exactly 5 digits, `-`, then a digit (a ZIP+4). */
  fiveThenDash: boolean;
  /** `Cue` bits of the words: which label, month, age, state and street patterns can match (see `wordCues`). */
  cues: number;
}

/**
 * Words that a pattern needs at the start of an ASCII-letter run. Every such pattern begins at
 * a word boundary with a fixed word, so that word's first letters start a letter run: a run's
 * first three letters (lower-cased) decide whether the pattern is worth running at all.
 */
export const enum Cue {
  /** An identifier label (`labelledRe`). */
  Label = 1,
  /** An address label (`addressLabelRe`). */
  AddressLabel = 2,
  /** A ZIP label (`zipLabelRe`). */
  ZipLabel = 4,
  /** A capitalised month name (the month patterns). */
  Month = 8,
  /** `age...`, or a `y` right after a number (the age patterns). */
  Age = 16,
  /** A two-letter US state code in capitals, alone (the ZIP-after-state and city-state patterns). */
  State = 32,
  /** A capitalised street suffix (`streetRe`). */
  Street = 64,
  /** A context word of a declared recognizer (`recognizers/registry.ts`). */
  Context = 128,
}

function isWwwAt(text: string, dot: number): boolean {
  if (dot < 3) return false;
  for (let k = dot - 3; k < dot; k++) if ((text.charCodeAt(k) | 32) !== 119) return false;
  return true;
}

const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
/** Ends a token (whitespace, quotes, brackets, comma, semicolon): see `isTokenBoundary`. */
const BOUNDARY = 8;
/** Needs a closer look in the trait loop. */
const SPECIAL = 16;
const asciiClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 48 && c <= 57) asciiClass[c] = DIGIT;
  else if (c >= 65 && c <= 90) asciiClass[c] = UPPER;
  else if (c >= 97 && c <= 122) asciiClass[c] = LOWER;
  if (c <= 32 || c === 34 || c === 39 || c === 40 || c === 41 || c === 44 || c === 59 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125) {
    asciiClass[c] = asciiClass[c]! | BOUNDARY;
  }
  if (c === 32 || c === 45 || c === 47 || c === 46 || c === 64 || c === 58 || c === 43 || c === 44 || c === 91 || c === 95 || c === 42) asciiClass[c] = asciiClass[c]! | SPECIAL;
}

export function textTraits(text: string): TextTraits {
  let digits = 0;
  let run = 0;
  let maxDigitRun = 0;
  let shortDigitRun = false;
  let alnumRun = 0;
  let maxUpperAlnumRun = 0;
  let tokenRun = 0;
  let maxTokenRun = 0;
  let upper = false;
  let at = false;
  let colons = 0;
  let scheme = false;
  let www = false;
  let plus = false;
  let comma = false;
  let bracket = false;
  let underscore = false;
  let star = false;
  let dots = 0;
  let dateSeps = 0;
  let dashOrBlank = false;
  let runStart = -1;
  let ssnSeparatorAt = -2;
  let ssnShape = false;
  let yearThenSeparator = false;
  let shortThenSeparator = false;
  let shortThenBlank = false;
  let fiveThenDash = false;
  let cues = 0;
  let inWord = false;
  let lowerBefore = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = c < 128 ? asciiClass[c]! : 0;
    if ((f & (UPPER | LOWER)) !== 0) {
      // A capital after a lower-case letter starts a word too ("visitMRN", "homeZip").
      if (!inWord || (lowerBefore && (f & UPPER) !== 0)) {
        inWord = true;
        cues |= wordCues(text, i);
      }
      lowerBefore = (f & LOWER) !== 0;
    } else {
      inWord = false;
      lowerBefore = false;
    }
    if ((f & BOUNDARY) === 0) tokenRun++;
    else {
      if (tokenRun > maxTokenRun) maxTokenRun = tokenRun;
      tokenRun = 0;
    }
    if ((f & DIGIT) !== 0) {
      if (run === 0) runStart = i;
      digits++;
      run++;
      alnumRun++;
      continue;
    }
    if (run > 0) {
      if (run > maxDigitRun) maxDigitRun = run;
      if (run === 2 || run === 3) shortDigitRun = true;
      // Shapes the digit patterns need (a run is maximal: each pattern rules out a digit next to its groups).
      if (run === 2 && runStart === ssnSeparatorAt + 1) ssnShape = true;
      ssnSeparatorAt = run === 3 && (c === 45 || c === 32) ? i : -2;
      if ((c === 45 || c === 47 || c === 46) && isAsciiDigit(text.charCodeAt(i + 1))) {
        if (run === 4) yearThenSeparator = true;
        else if (run <= 2) shortThenSeparator = true;
      }
      if (run <= 6 && (c === 32 || c === 9)) shortThenBlank = true;
      if (run === 5 && c === 45 && isAsciiDigit(text.charCodeAt(i + 1))) fiveThenDash = true;
      run = 0;
    }
    if ((f & UPPER) !== 0) {
      upper = true;
      alnumRun++;
      continue;
    }
    if (alnumRun > maxUpperAlnumRun) maxUpperAlnumRun = alnumRun;
    alnumRun = 0;
    if ((f & SPECIAL) === 0) {
      if (c > 127 && !upper && text[i]!.toLowerCase() !== text[i]) upper = true;
      continue;
    }
    switch (c) {
      case 32:
        dashOrBlank = true;
        break;
      case 45:
        dashOrBlank = true;
        dateSeps++;
        break;
      case 47:
        dateSeps++;
        break;
      case 46:
        dots++;
        dateSeps++;
        if (!www && isWwwAt(text, i)) www = true;
        break;
      case 64:
        at = true;
        break;
      case 58:
        colons++;
        if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) scheme = true;
        break;
      case 43:
        plus = true;
        break;
      case 44:
        comma = true;
        break;
      case 91:
        bracket = true;
        break;
      case 95:
        underscore = true;
        break;
      case 42:
        star = true;
        break;
    }
  }
  if (run > maxDigitRun) maxDigitRun = run;
  if (run === 2 || run === 3) shortDigitRun = true;
  if (alnumRun > maxUpperAlnumRun) maxUpperAlnumRun = alnumRun;
  if (tokenRun > maxTokenRun) maxTokenRun = tokenRun;
  return {
    digit: digits > 0,
    digits,
    maxDigitRun,
    shortDigitRun,
    maxUpperAlnumRun,
    maxTokenRun,
    upper,
    at,
    colon: colons > 0,
    colons,
    scheme,
    www,
    plus,
    comma,
    bracket,
    underscore,
    star,
    dots,
    dateSeps,
    dashOrBlank,
    ssnShape,
    yearThenSeparator,
    shortThenSeparator,
    shortThenBlank,
    fiveThenDash,
    cues,
  };
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function lookbehind(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index);
}

export function isValidSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

const emailLocal = /[\w.%+'-]/;
const emailDomain = /[A-Za-z0-9.-]/;
const emailDomainRe = /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;
/** The longest domain at the start of a run glued to what follows it ("example.org-scan"). */
const emailDomainPrefixRe = /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z])/;
const ssnContextRe = /(?<![A-Za-z0-9])(?:ssn|ss#|social security)/i;
const faxContextRe = /(?<![A-Za-z0-9])fax(?![A-Za-z0-9])/i;
const urlTrailRe = /[.,;:!?)'\]]/;
const urlStopRe = /[\s<>"'`{}|\\^[\]]/;

/** Emails are found around each `@` with bounded scans, not with a regex that retries every position. */
function detectEmails(text: string, out: Span[]): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < 64 && emailLocal.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 255 && emailDomain.test(text[end]!)) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    while (start < at && text[start] === '.') start++;
    if (start < at && !emailDomainRe.test(text.slice(at + 1, end))) {
      const prefix = emailDomainPrefixRe.exec(text.slice(at + 1, end));
      end = prefix === null ? at : at + 1 + prefix[0].length;
    }
    if (start < at && end > at + 1) {
      out.push({ start, end, category: 'email', rule: 'value:email', priority: Priority.email });
    }
    at = text.indexOf('@', at + 1);
  }
}

const zipLabelAlt = String.raw`zip(?:[ \t]?code)?|postal[ \t]code|post[ \t]?code`;
const addressLabelAlt = 'home address|mailing address|address|addr|lives at|resides at|residing at|living at';
const monthAlt = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const birthContextRe = /(?<![A-Za-z0-9])(?:dob|d\.o\.b|born|birth|birthday|b\.)\W{0,4}(?:on\W{1,3})?$/i;
const stateAbbr =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const streetSuffix =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Path|Pike|Alley|Close|Crescent|Grove|Row|Walk|Crossing|Run|Ridge|Heights|Plaza|Route|Rte|Expressway|Freeway|Turnpike';
const sentenceEndRe = /^\.\s+[A-Z]/;
const abbreviationEndRe = /\b(?:St|Ave|Rd|Dr|Apt|Ste|Blvd|Ln|Ct|Pl|[NSEW])$/;
const trailingAddressJunkRe = /[\s.,]/;


const labelTable: ReadonlyArray<readonly [PhiCategory, string]> = [
  ['mrn', String.raw`medical record (?:number|no\.?|#)|med(?:ical)? rec(?:ord)? #|mrn|mr#|mr no\.?|chart (?:number|no\.?|#)`],
  ['health_plan_id', String.raw`member (?:id|number|no\.?|#)|subscriber (?:id|number|no\.?|#)|policy (?:id|number|no\.?|#)|insurance (?:id|number|no\.?|#)|medicaid(?: (?:id|number|no\.?|#))?|medicare(?: (?:id|number|no\.?|#))?|group (?:number|no\.?|#)|plan id|beneficiary id|mbi|hicn`],
  ['account', String.raw`account (?:number|no\.?|#|id)|acct\.?(?: (?:number|no\.?|#))?|account|billing (?:id|number)|invoice (?:number|no\.?|#)`],
  ['license', String.raw`driver'?s? licen[cs]e(?: (?:number|no\.?|#))?|licen[cs]e (?:number|no\.?|#)|dl#|dl #|dl no\.?|certificate (?:number|no\.?|#)|npi|dea(?: (?:number|no\.?|#))?`],
  ['vehicle_id', String.raw`vehicle (?:id|identification number)|licen[cs]e plate|plate (?:number|no\.?|#)|vin`],
  ['device_id', String.raw`device (?:id|serial|number|#)|serial (?:number|no\.?|#)|s/n|udi|imei|(?:pacemaker|implant) (?:id|serial)`],
  ['ssn', String.raw`social security (?:number|no\.?|#)|social security|ssn|ss#`],
  ['other_id', String.raw`patient id|pt id|passport(?: (?:number|no\.?|#))?|id (?:number|no\.?|#)|case (?:number|no\.?|#)|visit (?:number|id)|encounter (?:number|id)|accession (?:number|no\.?|#)|id`],
];

/** Letter index 1-26 of an ASCII letter (either case), else 0. */
function letterIndex(c: number): number {
  const l = (c | 32) - 96;
  return c < 128 && l >= 1 && l <= 26 && (asciiClass[c]! & (UPPER | LOWER)) !== 0 ? l : 0;
}

const cueTable = new Uint8Array(27 * 27 * 27);
const cueIndex = (a: number, b: number, c: number): number => (a * 27 + b) * 27 + c;
/**
 * The leading letters of each top-level alternative of a pattern source, lower-cased and cut to
 * three ("medical record (?:number|#)|mr#|s/n" -> med, mr, s): what the word starting a match
 * must begin with.
 */
function leadingWords(alternation: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= alternation.length; i++) {
    const ch = alternation[i];
    if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (i === alternation.length || (ch === '|' && depth === 0)) {
      const alt = alternation.slice(start, i);
      if (alt.startsWith('(?:')) {
        // "(?:pacemaker|implant) id": the group's own alternatives lead.
        words.push(...leadingWords(alt.slice(3, groupEnd(alt))));
      } else {
        const word = /^[A-Za-z]+/.exec(alt)?.[0];
        if (word === undefined) throw new Error(`pattern alternative without a leading word: ${alt}`);
        words.push(word.slice(0, 3).toLowerCase());
      }
      start = i + 1;
    }
  }
  return words;
}

/** The index of the `)` closing the group that opens `source`. */
function groupEnd(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced group: ${source}`);
}

/** Marks every run that starts with `prefix` (1 to 3 lower-case letters); a one-letter word only when it stands alone. */
function cueOn(prefix: string, cue: Cue): void {
  const l = [...prefix].map((ch) => ch.charCodeAt(0) - 96);
  if (l.length === 1) {
    cueTable[cueIndex(l[0]!, 0, 0)]! |= cue;
    return;
  }
  for (let b = 0; b < 27; b++) {
    if (l.length >= 2 && b !== l[1]) continue;
    for (let c = 0; c < 27; c++) {
      if (l.length >= 3 && c !== l[2]) continue;
      cueTable[cueIndex(l[0]!, b, c)]! |= cue;
    }
  }
}
for (const [, alt] of labelTable) for (const w of leadingWords(alt)) cueOn(w, Cue.Label);
for (const w of leadingWords(addressLabelAlt)) cueOn(w, Cue.AddressLabel);
for (const w of leadingWords(zipLabelAlt)) cueOn(w, Cue.ZipLabel);
for (const w of leadingWords(monthAlt.slice(3, -1))) cueOn(w, Cue.Month);
for (const w of leadingWords(streetSuffix)) cueOn(w, Cue.Street);
cueOn('age', Cue.Age);
for (const r of RECOGNIZERS) {
  for (const w of r.context) cueOn(/^[a-z]+/.exec(w)![0].slice(0, 3), Cue.Context);
}
const stateCodes = new Set(stateAbbr.split('|'));

/** The `Cue`s of the letter run starting at `i`. */
function wordCues(text: string, i: number): number {
  const c0 = text.charCodeAt(i);
  const a = letterIndex(c0);
  const c1 = text.charCodeAt(i + 1);
  const b = letterIndex(c1);
  const c2 = b === 0 ? 0 : text.charCodeAt(i + 2);
  const c = b === 0 ? 0 : letterIndex(c2);
  let cues = cueTable[cueIndex(a, b, c)]!;
  // The month and street patterns are case-sensitive ("Jan" and "Ave", never "jan" or "ave").
  if (c0 >= 97) cues &= ~(Cue.Month | Cue.Street);
  // "92y", "92 yo", "92-year-old": a number right before a word starting with y.
  if (a === 25) {
    const p = text.charCodeAt(i - 1);
    if (isAsciiDigit(p) || ((p === 32 || p === 45) && isAsciiDigit(text.charCodeAt(i - 2)))) cues |= Cue.Age;
  }
  if (b !== 0 && c === 0 && c0 < 97 && c1 < 97 && stateCodes.has(text.slice(i, i + 2))) cues |= Cue.State;
  return cues;
}
function validDay(day: string): boolean {
  const d = Number(day);
  return d >= 1 && d <= 31;
}

/**
 * The value detectors with their compiled patterns. One per engine: the global patterns
 * carry `lastIndex` between `exec` calls, so they are instance state, never shared module state.
 * `exec` loops (not `matchAll`, which clones its pattern on every call) keep short strings cheap.
 */
export class ValueDetectors {
  private readonly ssnRe = /(?<!\d[-.]?)(\d{3})([- ])(\d{2})\2(\d{4})(?!\d|-\d)/g;
  private readonly usPhoneRe = /(?:(?<![\d+]|\d[-.])(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})|\([2-9]\d{2}\))[-. ]?\d{3}[-. ]?\d{4}(?!\d|-\d)/g;
  private readonly intlPhoneRe = /(?<![\d+])\+\d{1,3}(?:[-. ]\d{1,4}){2,6}(?![\d])|(?<![\d+])\+\d{8,15}(?!\d)/g;
  private readonly urlRe = /(?:https?|ftp):\/\/[^\s<>"'`{}|\\^[\]]{1,2048}|www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}(?:\/[^\s<>"'`{}|\\^[\]]{0,2000})?/gi;
  private readonly ipv4Re = /(?<!\d\.?)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/g;
  private readonly ipv6CandidateRe = /(?<![0-9A-Fa-f:]|[0-9A-Fa-f]\.)(?=[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?![0-9A-Fa-f:])/g;
  private readonly isoDateRe = /(?<!\d[-/.]?)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d|[-/.]\d)/g;
  private readonly numericDateRe = /(?<!\d[/.-]?)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)/g;
    // A month name is capitalised: a lower-case letter before it is a camelCase joint ("visitMarch 3"), a capital is not.
  private readonly monthDayRe = new RegExp(`(?<![A-Z])${monthAlt}\\.?[ \\t]{1,3}(\\d{1,2})(?:st|nd|rd|th)?(?:,?[ \\t]{1,3}(\\d{4})(?!\\d)|(?![A-Za-z0-9:/]))`, 'g');
  private readonly dayMonthRe = new RegExp(`(?<![0-9])(\\d{1,2})(?:st|nd|rd|th)?[ \\t]{1,3}(?:of[ \\t]{1,3})?${monthAlt}\\.?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'g');
  private readonly monthYearRe = new RegExp(`(?<![A-Z])${monthAlt}\\.?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'g');
  private readonly zipAfterStateRe = new RegExp(`(?<![A-Za-z])(?:${stateAbbr})\\.?,?[ \\t]{1,3}(\\d{5}(?:-\\d{4})?)(?!\\d|-\\d)`, 'g');
  private readonly zipLabelRe = new RegExp(String.raw`(?:${zipLabelAlt})[ \t]{0,3}[:#_]?[ \t]{0,3}(\d{5}(?:-\d{4})?)(?!\d|-\d)`, 'gi');
  private readonly zipPlus4Re = /(?<!\d-?)\d{5}-\d{4}(?!\d|-\d)/g;
  private readonly commaStateRe = new RegExp(`,[ \\t]{1,2}(?:${stateAbbr})(?![A-Za-z0-9])`, 'g');
  private readonly streetRe = new RegExp(
    `(?<!\\d)\\d{1,6}[ \\t]{1,2}(?:[NSEW]\\.?[ \\t]{1,2})?(?:[A-Z][A-Za-z'.-]{0,25}[ \\t]{1,2}){1,4}(?:${streetSuffix})(?![A-Za-z0-9])\\.?(?:,?[ \\t]{1,2}(?:Apt|Apartment|Unit|Suite|Ste|#)\\.?[ \\t]{0,2}[A-Za-z0-9-]{1,8})?`,
    'g',
  );
  private readonly addressLabelRe = new RegExp(String.raw`(?:${addressLabelAlt})[ \t]{0,3}[:-]?[ \t]{0,3}`, 'gi');
  private readonly stateSuffixRe = new RegExp(`,?[ \\t]{1,2}(?:${stateAbbr})(?![A-Za-z0-9])(?![ \\t]*[A-Za-z])`);
  private readonly ageRes = [
    /(?<!\d\.?)(\d{2,3})[ -]?(?:years?|yrs?|y)[ -]?old(?![A-Za-z])/gi,
    /(?<!\d\.?)(\d{2,3})[ -]?(?:yo|y\/o|y\.o\.)(?![A-Za-z0-9])/gi,
    /(?:age|aged|ages)[ \t]{0,2}[:_]?[ \t]{0,2}(\d{2,3})(?!\d|\+|\.\d)/gi,
  ];
  private readonly labelledRe = new RegExp(
    String.raw`(?:${labelTable.map(([, alt]) => `(${alt.replaceAll(' ', '[ \\t]{1,2}')})`).join('|')})[ \t]{0,3}(?:[:#=_/(-][ \t]{0,3})?(?:is[ \t]{1,3})?(\d{3}[ \t]\d{2}[ \t]\d{4}(?!\w)|[A-Za-z0-9][A-Za-z0-9-]{2,30})`,
    'gi',
  );
  private readonly recognizers: ReadonlyArray<{ readonly prefilter: (t: TextTraits) => boolean; readonly find: RecognizerMatcher }> = RECOGNIZERS.map(
    (r) => ({ prefilter: r.prefilter, find: r.create() }),
  );
  private readonly vinRe = /(?<![A-HJ-NPR-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-HJ-NPR-Z0-9])/g;

  /** Runs every value detector that can fire on `text` (given its traits) and appends raw spans to `out`. */
  detect(text: string, traits: TextTraits, out: Span[]): void {
    if (traits.at) detectEmails(text, out);
    if (traits.scheme || traits.www) this.urls(text, out);
    const d = traits.digits;
    if (d > 0) {
      if (d >= 9 && traits.ssnShape) this.ssns(text, out);
      if ((d >= 10 && traits.maxDigitRun >= 4) || (d >= 8 && traits.plus)) this.phones(text, traits.plus, out);
      this.dates(text, traits, out);
      if (d >= 4 && traits.dots >= 3) this.ipv4s(text, out);
      if (d >= 2 && traits.shortDigitRun && (traits.cues & Cue.Age) !== 0) this.ages(text, out);
      if (text.length >= 5 && (traits.cues & Cue.Label) !== 0) this.labelled(text, out);
      if (traits.maxUpperAlnumRun >= 17) this.vins(text, out);
    }
    if ((traits.cues & Cue.Context) !== 0) {
      for (const r of this.recognizers) if (r.prefilter(traits)) r.find(text, out);
    }
    if (traits.colons >= 2) this.ipv6s(text, out);
    this.addresses(text, traits, out);
  }

  private ssns(text: string, out: Span[]): void {
    const re = this.ssnRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // Space-separated groups are too common in other numbers to trust without a label.
      if (m[2] === ' ' && !ssnContextRe.test(lookbehind(text, m.index, 24))) continue;
      if (!isValidSsn(m[1]!, m[3]!, m[4]!)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, category: 'ssn', rule: 'value:ssn', priority: Priority.ssn });
    }
  }

  private phones(text: string, plus: boolean, out: Span[]): void {
    for (const re of [this.usPhoneRe, this.intlPhoneRe]) {
      // Every international number starts with '+'.
      if (re === this.intlPhoneRe && !plus) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (re === this.intlPhoneRe) {
          const digits = countDigits(m[0]);
          if (digits < 8 || digits > 15) continue;
        }
        const category: PhiCategory = faxContextRe.test(lookbehind(text, m.index, 24)) ? 'fax' : 'phone';
        out.push({ start: m.index, end: m.index + m[0].length, category, rule: `value:${category}`, priority: Priority.phone });
      }
    }
  }

  private urls(text: string, out: Span[]): void {
    const re = this.urlRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      let end = m.index + m[0].length;
      // The pattern stops after 2048 characters (to stay linear); a longer URL is masked to its end.
      if (m[0].length >= 2048 && end < text.length && !urlStopRe.test(text[end]!)) {
        while (end < text.length && !urlStopRe.test(text[end]!)) end++;
        re.lastIndex = end;
      }
      while (end > m.index && urlTrailRe.test(text[end - 1]!)) end--;
      out.push({ start: m.index, end, category: 'url', rule: 'value:url', priority: Priority.url });
    }
  }

  private ipv4s(text: string, out: Span[]): void {
    const re = this.ipv4Re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (Number(m[1]) <= 255 && Number(m[2]) <= 255 && Number(m[3]) <= 255 && Number(m[4]) <= 255) {
        out.push({ start: m.index, end: m.index + m[0].length, category: 'ip', rule: 'value:ip', priority: Priority.ip });
      }
    }
  }

  private ipv6s(text: string, out: Span[]): void {
    const re = this.ipv6CandidateRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const candidate = m[0];
      if (candidate.indexOf(':') === candidate.lastIndexOf(':') || !isIPv6(candidate)) continue;
      out.push({ start: m.index, end: m.index + candidate.length, category: 'ip', rule: 'value:ip', priority: Priority.ip });
    }
  }

  private dates(text: string, traits: TextTraits, out: Span[]): void {
    if (traits.digits >= 4 && traits.dateSeps >= 2) this.numericDates(text, traits, out);
    if ((traits.cues & Cue.Month) === 0) return;
    let re = this.monthDayRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (validDay(m[1]!)) pushDate(text, m.index, m.index + m[0].length, out);
    }
    if (traits.maxDigitRun < 4) return;
    re = this.dayMonthRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (validDay(m[1]!)) pushDate(text, m.index, m.index + m[0].length, out);
    }
    re = this.monthYearRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) pushDate(text, m.index, m.index + m[0].length, out);
  }

  private numericDates(text: string, traits: TextTraits, out: Span[]): void {
    let re = this.isoDateRe;
    if (traits.yearThenSeparator) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const year = Number(m[1]);
        const month = Number(m[3]);
        if (year < 1800 || year > 2199 || month < 1 || month > 12 || !validDay(m[4]!)) continue;
        pushDate(text, m.index, m.index + m[0].length, out);
      }
    }
    if (!traits.shortThenSeparator) return;
    re = this.numericDateRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (m[4]!.length === 2 && m[2] !== '/') continue;
      // m/d or d/m: either reading must be a real day and month.
      const ok = (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31);
      if (ok) pushDate(text, m.index, m.index + m[0].length, out);
    }
  }

  private addresses(text: string, traits: TextTraits, out: Span[]): void {
    if (traits.digits >= 5 && traits.maxDigitRun >= 5) {
      if ((traits.cues & Cue.State) !== 0) this.zipGroup(this.zipAfterStateRe, text, out);
      if ((traits.cues & Cue.ZipLabel) !== 0) this.zipGroup(this.zipLabelRe, text, out);
      if (traits.fiveThenDash) {
        const re = this.zipPlus4Re;
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          out.push({ start: m.index, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
        }
      }
    }
    if (!traits.upper) return;
    if (traits.shortThenBlank && (traits.cues & Cue.Street) !== 0) {
      const re = this.streetRe;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        out.push({ start: m.index, end: m.index + m[0].length, category: 'address', rule: 'value:address', priority: Priority.address });
      }
    }
    if (traits.comma && (traits.cues & Cue.State) !== 0) {
      // Same matches as `\b([A-Z][a-z]{2,20}(?:[ \t][A-Z][a-z]{2,20}){0,2}),[ \t]{1,2}(?:ST)\b`, found from the
      // rare ", ST" (a pattern that starts with a literal is scanned fast) back to the city words.
      const re = this.commaStateRe;
      re.lastIndex = 0;
      let from = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const start = cityStart(text, m.index, from);
        if (start === -1) continue;
        out.push({ start, end: m.index, category: 'address', rule: 'value:address', priority: Priority.address });
        from = m.index + m[0].length;
      }
    }
    if ((traits.cues & Cue.AddressLabel) === 0) return;
    const re = this.addressLabelRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (!startsWord(text, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      let start = m.index + m[0].length;
      while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
      const end = this.labelledAddressEnd(text, start);
      // Covers the street and city spans inside it; the state is kept and the ZIP has its own rule.
      if (end - start >= 3) out.push({ start, end, category: 'address', rule: 'value:address', priority: Priority.address + 1 });
    }
  }

  private zipGroup(re: RegExp, text: string, out: Span[]): void {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (!startsWord(text, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
    }
  }

  /** A labelled address runs to the end of the line, a `;`, or a sentence end, at most 120 characters. */
  private labelledAddressEnd(text: string, start: number): number {
    const limit = Math.min(text.length, start + 120);
    let end = start;
    while (end < limit) {
      const ch = text[end]!;
      if (ch === '\n' || ch === '\r' || ch === ';' || ch === '|' || ch === '"' || ch === '<') break;
      // "St. Louis" or "Apt. 4" continue; ". The" ends the sentence.
      if (ch === '.' && sentenceEndRe.test(text.slice(end, end + 3)) && !abbreviationEndRe.test(text.slice(Math.max(start, end - 5), end))) break;
      end++;
    }
    const state = this.stateSuffixRe.exec(text.slice(start, end));
    if (state) end = start + state.index;
    while (end > start && trailingAddressJunkRe.test(text[end - 1]!)) end--;
    return end;
  }

  private ages(text: string, out: Span[]): void {
    for (const re of this.ageRes) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (!isAsciiDigit(text.charCodeAt(m.index)) && !startsWord(text, m.index)) {
          re.lastIndex = m.index + 1;
          continue;
        }
        const age = Number(m[1]);
        if (age < 90 || age > 130) continue;
        const start = m.index + m[0].indexOf(m[1]!);
        out.push({ start, end: start + m[1]!.length, category: 'age_over_89', rule: 'value:age', priority: Priority.age });
      }
    }
  }

  private labelled(text: string, out: Span[]): void {
    const re = this.labelledRe;
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
      const value = m[labelTable.length + 1]!;
      let category: PhiCategory | undefined;
      for (let i = 0; i < labelTable.length; i++) {
        if (m[i + 1] !== undefined) {
          category = labelTable[i]![0];
          break;
        }
      }
      let end = value.length;
      while (end > 0 && value.charCodeAt(end - 1) === 45) end--;
      if (category === undefined || !hasDigit(value, end) || !startsWord(text, m.index)) {
        // The "value" was a word (e.g. "Account Number" read as label "Account" + value "Number"): retry one step on.
        re.lastIndex = m.index + 1;
        continue;
      }
      const start = m.index + m[0].length - value.length;
      out.push({ start, end: start + end, category, rule: `value:${category}`, priority: Priority.labelled });
    }
  }

  private vins(text: string, out: Span[]): void {
    const re = this.vinRe;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const v = m[0];
      if (/[A-Z]/.test(v) && /\d/.test(v) && isValidVin(v)) {
        out.push({ start: m.index, end: m.index + 17, category: 'vehicle_id', rule: 'value:vin', priority: Priority.vin });
      }
    }
  }
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}


/** Start of the title-case word `[A-Z][a-z]{2,20}` ending at `end`, or -1. */
function cityWordStart(text: string, end: number): number {
  let k = end;
  while (k > 0 && end - k < 21 && isLowerAscii(text.charCodeAt(k - 1))) k--;
  const len = end - k;
  if (len < 2 || len > 20 || k === 0) return -1;
  const c = text.charCodeAt(k - 1);
  return c >= 65 && c <= 90 ? k - 1 : -1;
}

/**
 * The leftmost start >= `from` of one to three city words (single blanks between) ending at the
 * comma at `comma`, with a word boundary before it; -1 if none. The leftmost start is the one a
 * left-to-right scan of the city-state pattern would have matched.
 */
function cityStart(text: string, comma: number, from: number): number {
  const w1 = cityWordStart(text, comma);
  if (w1 === -1) return -1;
  const starts = [w1];
  let w = w1;
  while (starts.length < 3 && w >= 2) {
    const gap = text.charCodeAt(w - 1);
    if (gap !== 32 && gap !== 9) break;
    const prev = cityWordStart(text, w - 1);
    if (prev === -1) break;
    starts.push(prev);
    w = prev;
  }
  for (let k = starts.length - 1; k >= 0; k--) {
    const s = starts[k]!;
    if (s >= from && (s === 0 || !isAsciiLetter(text.charCodeAt(s - 1)))) return s;
  }
  return -1;
}

function pushDate(text: string, start: number, end: number, out: Span[]): void {
  const birth = birthContextRe.test(lookbehind(text, start, 24)) || undefined;
  out.push({ start, end, category: 'date', rule: 'value:date', priority: Priority.date, ...(birth ? { birth } : {}) });
}

/**
 * Upper bound on (first digit of a labelled value) - (start of its label): the longest label
 * (33, "vehicle identification number" with doubled blanks), separators (12) and the 31
 * characters the value may run before its first digit. Rounded up.
 */
const LABEL_REACH = 96;

function nextDigit(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return i;
  }
  return -1;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function hasDigit(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}
