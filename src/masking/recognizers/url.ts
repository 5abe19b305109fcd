import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

const urlTrailRe = /[.,;:!?)'\]]/;
/** Where a URL ends (also used by the stream masker for over-long tokens). */
export const urlStopRe = /[\s<>"'`{}|\\^[\]]/;

/**
 * URLs (Safe Harbor 14): `http(s)://` or `ftp://` and up to 2048 characters, or `www.` and a
 * host. A longer URL is masked to its end by a linear scan; trailing punctuation is no part of it.
 */
export const url: RecognizerDeclaration = {
  id: 'url',
  category: 'url',
  priority: Priority.url,
  rule: 'value:url',
  prefilter: { substrings: ['://', 'www.'] },
  create: () => {
    const re = /(?:https?|ftp):\/\/[^\s<>"'`{}|\\^[\]]{1,2048}|www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}(?:\/[^\s<>"'`{}|\\^[\]]{0,2000})?/gi;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        let end = m.index + m[0].length;
        if (m[0].length >= 2048 && end < text.length && !urlStopRe.test(text[end]!)) {
          while (end < text.length && !urlStopRe.test(text[end]!)) end++;
          re.lastIndex = end;
        }
        while (end > m.index && urlTrailRe.test(text[end - 1]!)) end--;
        out.push({ start: m.index, end, category: 'url', rule: 'value:url', priority: Priority.url });
      }
    };
  },
};
