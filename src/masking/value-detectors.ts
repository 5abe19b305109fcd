import type { PhiCategory } from './phi-category.js';
import type { Span } from './span.js';
import { Priority } from './span.js';
import { isValidVin } from './vin.js';
import { isIPv6 } from 'node:net';

// Every pattern here is linear: bounded repetitions, fixed delimiters between repeated
// groups, and no alternation under an unbounded quantifier (see the adversarial specs).

/** Cheap facts about a string that decide which detectors can possibly fire. */
export interface TextTraits {
  digit: boolean;
  /** How many ASCII digits: most detectors need several. */
  digits: number;
  upper: boolean;
  at: boolean;
  colon: boolean;
}

export function textTraits(text: string): TextTraits {
  let digits = 0;
  let upper = false;
  let at = false;
  let colon = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c === 64) at = true;
    else if (c === 58) colon = true;
    else if (c > 127 && !upper && text[i]!.toLowerCase() !== text[i]) upper = true;
  }
  return { digit: digits > 0, digits, upper, at, colon };
}

function lookbehind(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index);
}

const ssnRe = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w]|-\d)/g;

export function isValidSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

function detectSsn(text: string, out: Span[]): void {
  for (const m of text.matchAll(ssnRe)) {
    // Space-separated groups are too common in other numbers to trust without a label.
    if (m[2] === ' ' && !/\b(?:ssn|ss#|social security)/i.test(lookbehind(text, m.index, 24))) continue;
    if (!isValidSsn(m[1]!, m[3]!, m[4]!)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, category: 'ssn', rule: 'value:ssn', priority: Priority.ssn });
  }
}

const usPhoneRe = /(?:(?<![\w+]|\d[-.])(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})|\([2-9]\d{2}\))[-. ]?\d{3}[-. ]?\d{4}(?!\d|-\d)/g;
const intlPhoneRe = /(?<![\w+])\+\d{1,3}(?:[-. ]\d{1,4}){2,6}(?![\d])|(?<![\w+])\+\d{8,15}(?!\d)/g;

function detectPhones(text: string, out: Span[]): void {
  for (const re of [usPhoneRe, intlPhoneRe]) {
    for (const m of text.matchAll(re)) {
      if (re === intlPhoneRe) {
        const digits = m[0].replace(/\D/g, '').length;
        if (digits < 8 || digits > 15) continue;
      }
      const category: PhiCategory = /\bfax\b/i.test(lookbehind(text, m.index, 24)) ? 'fax' : 'phone';
      out.push({ start: m.index, end: m.index + m[0].length, category, rule: `value:${category}`, priority: Priority.phone });
    }
  }
}

const emailLocal = /[\w.%+'-]/;
const emailDomain = /[A-Za-z0-9.-]/;

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
    const domain = text.slice(at + 1, end);
    if (start < at && /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/.test(domain)) {
      out.push({ start, end, category: 'email', rule: 'value:email', priority: Priority.email });
    }
    at = text.indexOf('@', at + 1);
  }
}

const urlRe = /\b(?:https?|ftp):\/\/[^\s<>"'`{}|\\^[\]]{1,2048}|\bwww\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}(?:\/[^\s<>"'`{}|\\^[\]]{0,2000})?/gi;

function detectUrls(text: string, out: Span[]): void {
  for (const m of text.matchAll(urlRe)) {
    let end = m.index + m[0].length;
    while (end > m.index && /[.,;:!?)'\]]/.test(text[end - 1]!)) end--;
    out.push({ start: m.index, end, category: 'url', rule: 'value:url', priority: Priority.url });
  }
}

const ipv4Re = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g;
const ipv6CandidateRe = /(?<![\w:.])[0-9A-Fa-f:]{2,39}(?![\w:])/g;

function detectIps(text: string, traits: TextTraits, out: Span[]): void {
  for (const m of text.matchAll(ipv4Re)) {
    if ([m[1], m[2], m[3], m[4]].every((o) => Number(o) <= 255)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'ip', rule: 'value:ip', priority: Priority.ip });
    }
  }
  if (!traits.colon) return;
  for (const m of text.matchAll(ipv6CandidateRe)) {
    const candidate = m[0];
    if (candidate.indexOf(':') === candidate.lastIndexOf(':') || !isIPv6(candidate)) continue;
    out.push({ start: m.index, end: m.index + candidate.length, category: 'ip', rule: 'value:ip', priority: Priority.ip });
  }
}

const monthAlt = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const isoDateRe = /(?<![\w-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w]|[-/.]\d)/g;
const numericDateRe = /(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/]|[.-]\d)/g;
const monthDayRe = new RegExp(`\\b${monthAlt}\\.?[ \\t]{1,3}(\\d{1,2})(?:st|nd|rd|th)?(?:,?[ \\t]{1,3}(\\d{4}))?(?![\\w:/])`, 'g');
const dayMonthRe = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?[ \\t]{1,3}(?:of[ \\t]{1,3})?${monthAlt}\\.?,?[ \\t]{1,3}(\\d{4})\\b`, 'g');
const monthYearRe = new RegExp(`\\b${monthAlt}\\.?,?[ \\t]{1,3}(\\d{4})\\b`, 'g');
const birthContextRe = /\b(?:dob|d\.o\.b|born|birth|birthday|b\.)\W{0,4}(?:on\W{1,3})?$/i;

function validDay(day: string): boolean {
  const d = Number(day);
  return d >= 1 && d <= 31;
}

function pushDate(text: string, start: number, end: number, out: Span[]): void {
  const birth = birthContextRe.test(lookbehind(text, start, 24)) || undefined;
  out.push({ start, end, category: 'date', rule: 'value:date', priority: Priority.date, ...(birth ? { birth } : {}) });
}

function detectDates(text: string, traits: TextTraits, out: Span[]): void {
  if (traits.digits >= 4) datesNumeric(text, out);
  if (!traits.upper) return;
  for (const m of text.matchAll(monthDayRe)) {
    if (validDay(m[1]!)) pushDate(text, m.index, m.index + m[0].length, out);
  }
  for (const m of text.matchAll(dayMonthRe)) {
    if (validDay(m[1]!)) pushDate(text, m.index, m.index + m[0].length, out);
  }
  for (const m of text.matchAll(monthYearRe)) pushDate(text, m.index, m.index + m[0].length, out);
}

function datesNumeric(text: string, out: Span[]): void {
  for (const m of text.matchAll(isoDateRe)) {
    const year = Number(m[1]);
    const month = Number(m[3]);
    if (year < 1800 || year > 2199 || month < 1 || month > 12 || !validDay(m[4]!)) continue;
    pushDate(text, m.index, m.index + m[0].length, out);
  }
  for (const m of text.matchAll(numericDateRe)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (m[4]!.length === 2 && m[2] !== '/') continue;
    // m/d or d/m: either reading must be a real day and month.
    const ok = (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31);
    if (ok) pushDate(text, m.index, m.index + m[0].length, out);
  }
}

const stateAbbr =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const zipAfterStateRe = new RegExp(`\\b(?:${stateAbbr})\\.?,?[ \\t]{1,3}(\\d{5}(?:-\\d{4})?)(?![\\w]|-\\d)`, 'g');
const zipLabelRe = /\b(?:zip(?:[ \t]?code)?|postal[ \t]code|post[ \t]?code)[ \t]{0,3}[:#]?[ \t]{0,3}(\d{5}(?:-\d{4})?)(?![\w]|-\d)/gi;
const zipPlus4Re = /(?<![\w-])\d{5}-\d{4}(?![\w]|-\d)/g;
const cityStateRe = new RegExp(`\\b([A-Z][a-z]{2,20}(?:[ \\t][A-Z][a-z]{2,20}){0,2}),[ \\t]{1,2}(?:${stateAbbr})\\b`, 'g');
const streetSuffix =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Path|Pike|Alley|Close|Crescent|Grove|Row|Walk|Crossing|Run|Ridge|Heights|Plaza|Route|Rte|Expressway|Freeway|Turnpike';
const streetRe = new RegExp(
  `\\b\\d{1,6}[ \\t]{1,2}(?:[NSEW]\\.?[ \\t]{1,2})?(?:[A-Z][A-Za-z'.-]{0,25}[ \\t]{1,2}){1,4}(?:${streetSuffix})\\b\\.?(?:,?[ \\t]{1,2}(?:Apt|Apartment|Unit|Suite|Ste|#)\\.?[ \\t]{0,2}[A-Za-z0-9-]{1,8})?`,
  'g',
);
const addressLabelRe = /\b(?:home address|mailing address|address|addr|lives at|resides at|residing at|living at)[ \t]{0,3}[:-]?[ \t]{0,3}/gi;

function detectAddresses(text: string, traits: TextTraits, out: Span[]): void {
  if (traits.digits >= 5) {
    for (const m of text.matchAll(zipAfterStateRe)) {
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
    }
    for (const m of text.matchAll(zipLabelRe)) {
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
    }
    for (const m of text.matchAll(zipPlus4Re)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
    }
  }
  if (traits.digit && traits.upper) {
    for (const m of text.matchAll(streetRe)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'address', rule: 'value:address', priority: Priority.address });
    }
  }
  if (!traits.upper) return;
  if (text.includes(',')) {
    for (const m of text.matchAll(cityStateRe)) {
      out.push({ start: m.index, end: m.index + m[1]!.length, category: 'address', rule: 'value:address', priority: Priority.address });
    }
  }
  for (const m of text.matchAll(addressLabelRe)) {
    let start = m.index + m[0].length;
    while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
    const end = labelledAddressEnd(text, start);
    // Covers the street and city spans inside it; the state is kept and the ZIP has its own rule.
    if (end - start >= 3) out.push({ start, end, category: 'address', rule: 'value:address', priority: Priority.address + 1 });
  }
}

/** A labelled address runs to the end of the line, a `;`, or a sentence end, at most 120 characters. */
function labelledAddressEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + 120);
  let end = start;
  while (end < limit) {
    const ch = text[end]!;
    if (ch === '\n' || ch === '\r' || ch === ';' || ch === '|' || ch === '"' || ch === '<') break;
    // "St. Louis" or "Apt. 4" continue; ". The" ends the sentence.
    if (ch === '.' && /^\.\s+[A-Z]/.test(text.slice(end, end + 3)) && !/\b(?:St|Ave|Rd|Dr|Apt|Ste|Blvd|Ln|Ct|Pl|[NSEW])$/.test(text.slice(Math.max(start, end - 5), end))) break;
    end++;
  }
  const state = stateSuffixRe.exec(text.slice(start, end));
  if (state) end = start + state.index;
  while (end > start && /[\s.,]/.test(text[end - 1]!)) end--;
  return end;
}

const stateSuffixRe = new RegExp(`,?[ \\t]{1,2}(?:${stateAbbr})\\b(?![ \\t]*[A-Za-z])`);

const ageRes = [
  /\b(\d{2,3})[ -]?(?:years?|yrs?|y)[ -]?old\b/gi,
  /\b(\d{2,3})[ -]?(?:yo|y\/o|y\.o\.)(?!\w)/gi,
  /\b(?:age|aged|ages)[ \t]{0,2}:?[ \t]{0,2}(\d{2,3})\b(?!\+|\.\d)/gi,
];

function detectAges(text: string, out: Span[]): void {
  for (const re of ageRes) {
    for (const m of text.matchAll(re)) {
      const age = Number(m[1]);
      if (age < 90 || age > 130) continue;
      const start = m.index + m[0].indexOf(m[1]!);
      out.push({ start, end: start + m[1]!.length, category: 'age_over_89', rule: 'value:age', priority: Priority.age });
    }
  }
}

const labelTable: ReadonlyArray<readonly [PhiCategory, string]> = [
  ['mrn', String.raw`medical record (?:number|no\.?|#)|med(?:ical)? rec(?:ord)? #|mrn|mr#|mr no\.?|chart (?:number|no\.?|#)`],
  ['health_plan_id', String.raw`member (?:id|number|no\.?|#)|subscriber (?:id|number|no\.?|#)|policy (?:id|number|no\.?|#)|insurance (?:id|number|no\.?|#)|medicaid(?: (?:id|number|no\.?|#))?|medicare(?: (?:id|number|no\.?|#))?|group (?:number|no\.?|#)|plan id|beneficiary id|mbi|hicn`],
  ['account', String.raw`account (?:number|no\.?|#|id)|acct\.?(?: (?:number|no\.?|#))?|account|billing (?:id|number)|invoice (?:number|no\.?|#)`],
  ['license', String.raw`driver'?s? licen[cs]e(?: (?:number|no\.?|#))?|licen[cs]e (?:number|no\.?|#)|dl ?#|dl no\.?|certificate (?:number|no\.?|#)|npi|dea(?: (?:number|no\.?|#))?`],
  ['vehicle_id', String.raw`vehicle (?:id|identification number)|licen[cs]e plate|plate (?:number|no\.?|#)|vin`],
  ['device_id', String.raw`device (?:id|serial|number|#)|serial (?:number|no\.?|#)|s/n|udi|imei|(?:pacemaker|implant) (?:id|serial)`],
  ['ssn', String.raw`social security (?:number|no\.?|#)|social security|ssn|ss#`],
  ['other_id', String.raw`patient id|pt id|passport(?: (?:number|no\.?|#))?|id (?:number|no\.?|#)|case (?:number|no\.?|#)|visit (?:number|id)|encounter (?:number|id)|accession (?:number|no\.?|#)|id`],
];
const labelledRe = new RegExp(
  String.raw`(?<![\w])(?:${labelTable.map(([, alt]) => `(${alt.replaceAll(' ', '[ \\t]{1,2}')})`).join('|')})[ \t]{0,3}(?:[:#=][ \t]{0,3})?(?:is[ \t]{1,3})?(\d{3}[ \t]\d{2}[ \t]\d{4}(?!\w)|[A-Za-z0-9][A-Za-z0-9-]{2,30})`,
  'gi',
);

function detectLabelled(text: string, out: Span[]): void {
  labelledRe.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = labelledRe.exec(text)) !== null) {
    const value = m[labelTable.length + 1]!;
    let category: PhiCategory | undefined;
    for (let i = 0; i < labelTable.length; i++) {
      if (m[i + 1] !== undefined) {
        category = labelTable[i]![0];
        break;
      }
    }
    const trimmed = value.replace(/-+$/, '');
    if (category === undefined || !/\d/.test(trimmed)) {
      // The "value" was a word (e.g. "Account Number" read as label "Account" + value "Number"): retry one step on.
      labelledRe.lastIndex = m.index + 1;
      continue;
    }
    const start = m.index + m[0].length - value.length;
    out.push({ start, end: start + trimmed.length, category, rule: `value:${category}`, priority: Priority.labelled });
  }
}

const vinRe = /\b[A-HJ-NPR-Z0-9]{17}\b/g;

function detectVins(text: string, out: Span[]): void {
  for (const m of text.matchAll(vinRe)) {
    if (/[A-Z]/.test(m[0]) && /\d/.test(m[0]) && isValidVin(m[0])) {
      out.push({ start: m.index, end: m.index + 17, category: 'vehicle_id', rule: 'value:vin', priority: Priority.vin });
    }
  }
}

/** Runs every value detector that can fire on `text` (given its traits) and appends raw spans to `out`. */
export function detectValues(text: string, traits: TextTraits, out: Span[]): void {
  if (traits.at) detectEmails(text, out);
  if (traits.colon || text.includes('www.')) detectUrls(text, out);
  const d = traits.digits;
  if (d > 0) {
    if (d >= 9) detectSsn(text, out);
    if (d >= 8) detectPhones(text, out);
    detectDates(text, traits, out);
    if (d >= 4 || traits.colon) detectIps(text, traits, out);
    if (d >= 2) detectAges(text, out);
    if (text.length >= 5) detectLabelled(text, out);
    if (traits.upper && text.length >= 17) detectVins(text, out);
  } else if (traits.colon) {
    detectIps(text, traits, out);
  }
  detectAddresses(text, traits, out);
}
