import { Priority } from '../span.js';
import type { Span } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

const emailLocal = /[\w.%+'-]/;
const emailDomain = /[A-Za-z0-9.-]/;
const emailDomainRe = /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;
/** The longest domain at the start of a run glued to what follows it ("example.org-scan"). */
const emailDomainPrefixRe = /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z])/;

/** E-mail addresses, found around each `@` with bounded scans (not a regex that retries every position). */
export function findEmails(text: string, out: Span[]): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < 64 && emailLocal.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 255 && emailDomain.test(text[end]!)) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    while (start < at && text[start] === '.') start++;
    if (start < at && !emailDomainRe.test(text.slice(at + 1, end))) {
      // A domain glued to `-text` is cut to its valid prefix.
      const prefix = emailDomainPrefixRe.exec(text.slice(at + 1, end));
      end = prefix === null ? at : at + 1 + prefix[0].length;
    }
    if (start < at && end > at + 1) out.push({ start, end, category: 'email', rule: 'value:email', priority: Priority.email });
    at = text.indexOf('@', at + 1);
  }
}

/** E-mail addresses (Safe Harbor 6): a local part, `@`, a domain with a top-level label of letters. */
export const email: RecognizerDeclaration = {
  id: 'email',
  category: 'email',
  priority: Priority.email,
  rule: 'value:email',
  prefilter: { chars: { set: '@' } },
  create: () => findEmails,
};
