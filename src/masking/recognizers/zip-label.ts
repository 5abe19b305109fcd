import { Priority } from '../span.js';
import type { RecognizerDeclaration, RecognizerMatcher } from './recognizer.js';
import { startsWord } from '../word-start.js';

/** Masks group 1 of each match whose start begins a word. */
export function zipGroupMatcher(re: RegExp): RecognizerMatcher {
  return (text, out) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (!startsWord(text, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
    }
  };
}

/** A ZIP or ZIP+4 after "zip", "zip code", "postal code", "postcode" (Safe Harbor 2). */
export const zipLabel: RecognizerDeclaration = {
  id: 'zip-label',
  category: 'zip',
  priority: Priority.zip,
  rule: 'value:zip',
  prefilter: { digits: 5, digitRun: 5, words: { list: ['zip', 'postal', 'post'] } },
  create: () => zipGroupMatcher(new RegExp(String.raw`(?:zip(?:[ \t]?code)?|postal[ \t]code|post[ \t]?code)[ \t]{0,3}[:#_]?[ \t]{0,3}(\d{5}(?:-\d{4})?)(?!\d|-\d)`, 'gi')),
};
