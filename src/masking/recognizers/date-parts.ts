import { Priority } from '../span.js';
import type { Span } from '../span.js';
import { lookbehind } from './text-helpers.js';

/** Month names and abbreviations, capitalised (a lower-case "may" or "march" is a word). */
export const monthAlt = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
/** The words a month pattern starts with (its word cue). */
export const MONTH_WORDS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const birthContextRe = /(?<![A-Za-z0-9])(?:dob|d\.o\.b|born|birth|birthday|b\.)\W{0,4}(?:on\W{1,3})?$/i;

export function validDay(day: string): boolean {
  const d = Number(day);
  return d >= 1 && d <= 31;
}

/** A date span, marked as a birth date when "DOB", "born", "birth", ... leads it. */
export function pushDate(text: string, start: number, end: number, out: Span[]): void {
  const birth = birthContextRe.test(lookbehind(text, start, 24)) || undefined;
  out.push({ start, end, category: 'date', rule: 'value:date', priority: Priority.date, ...(birth ? { birth } : {}) });
}
