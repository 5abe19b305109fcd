import { Priority } from '../span.js';
import { contextLedMatcher } from './context-led.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * A street or place named without a house number after a verb of living: after "lives on/at",
 * "living on/at", "resides/residing on/at" any one to five capitalised words ("lives on Marylebone
 * Road", "lives at Tipit Point": a street, a town or a home, all Safe Harbor geography); after the
 * weaker "moved to", "house on", "staying at", ... only words that end in a street suffix
 * ("moved to Elm Grove Lane", not "moved to ICU"). The house-number and labelled forms are the
 * value detectors' own (`streetRe`, `addressLabelRe`).
 */
const labels = 'lives on|lives at|lives off|living on|living at|resides on|resides at|residing on|residing at|moved to|house on|flat on|apartment on|home on|staying on|staying at';
const suffixes =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Square|Crescent|Close|Grove|Gardens|Mews|Row|Walk|Loop|Path|Pike|Alley|Ridge|Heights|Plaza|Crossing';
const value = String.raw`[A-Za-z][A-Za-z'-]{0,25}(?:[ \t][A-Za-z][A-Za-z'-]{0,25}){0,4}`;
const capitalised = /^[A-Z]/;
const suffixSet: ReadonlySet<string> = new Set(suffixes.split('|'));
const strongLabel = /^(?:liv|res)/i;

export function validateStreetName(v: string, label: string): readonly [number, number] | undefined {
  // The pattern runs case-insensitively (its labels are any case); the street's words may not:
  // the value is the run of capitalised words it starts with.
  const words = v.split(/[ \t]/);
  let n = 0;
  while (n < words.length && capitalised.test(words[n]!)) n++;
  if (n === 0) return undefined;
  if (!strongLabel.test(label)) {
    while (n > 0 && !suffixSet.has(words[n - 1]!)) n--;
    if (n < 2) return undefined;
  }
  return [0, words.slice(0, n).join(' ').length];
}

export const streetName: RecognizerDeclaration = {
  id: 'street-name',
  category: 'address',
  priority: Priority.address,
  rule: 'recognizer:street-name',
  prefilter: { upper: true, words: { list: ['lives', 'living', 'resides', 'residing', 'moved', 'house', 'flat', 'apartment', 'home', 'staying'] } },
  create: () => contextLedMatcher({ id: 'street-name', category: 'address', priority: Priority.address, labels, value, validate: validateStreetName }),
};
