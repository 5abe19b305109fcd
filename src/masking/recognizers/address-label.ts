import { Priority } from '../span.js';
import { startsWord } from '../word-start.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { hasCapital } from './text-helpers.js';
import { stateAlt } from './us-states.js';

const sentenceEndRe = /^\.\s+[A-Z]/;
const abbreviationEndRe = /\b(?:St|Ave|Rd|Dr|Apt|Ste|Blvd|Ln|Ct|Pl|[NSEW])$/;
const trailingAddressJunkRe = /[\s.,]/;

/**
 * A labelled address (Safe Harbor 2): after "address", "home address", "mailing address",
 * "addr", "lives at", "resides at", ... to the end of the line, a `;`, `|`, `"`, `<` or a
 * sentence end ("St. Louis" and "Apt. 4" go on), at most 120 characters; a trailing state code
 * is kept. Only in text with a capital somewhere (an all-lower-case string is a code or a key).
 * It outranks the street and city spans inside it; the ZIP keeps its own rule.
 */
export const addressLabel: RecognizerDeclaration = {
  id: 'address-label',
  category: 'address',
  priority: Priority.address + 1,
  rule: 'value:address',
  prefilter: { upper: true, words: { list: ['home', 'mailing', 'address', 'addr', 'lives', 'resides', 'residing', 'living'] } },
  create: () => {
    const re = /(?:home address|mailing address|address|addr|lives at|resides at|residing at|living at)[ \t]{0,3}[:-]?[ \t]{0,3}/gi;
    const stateSuffixRe = new RegExp(`,?[ \\t]{1,2}(?:${stateAlt})(?![A-Za-z0-9])(?![ \\t]*[A-Za-z])`);
    const labelledAddressEnd = (text: string, start: number): number => {
      const limit = Math.min(text.length, start + 120);
      let end = start;
      while (end < limit) {
        const ch = text[end]!;
        if (ch === '\n' || ch === '\r' || ch === ';' || ch === '|' || ch === '"' || ch === '<') break;
        if (ch === '.' && sentenceEndRe.test(text.slice(end, end + 3)) && !abbreviationEndRe.test(text.slice(Math.max(start, end - 5), end))) break;
        end++;
      }
      const state = stateSuffixRe.exec(text.slice(start, end));
      if (state) end = start + state.index;
      while (end > start && trailingAddressJunkRe.test(text[end - 1]!)) end--;
      return end;
    };
    return (text, out) => {
      if (!hasCapital(text)) return;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (!startsWord(text, m.index)) {
          re.lastIndex = m.index + 1;
          continue;
        }
        let start = m.index + m[0].length;
        while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
        const end = labelledAddressEnd(text, start);
        if (end - start >= 3) out.push({ start, end, category: 'address', rule: 'value:address', priority: Priority.address + 1 });
      }
    };
  },
};
