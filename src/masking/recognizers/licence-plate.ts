import { Priority } from '../span.js';
import { contextLedMatcher, countDigits } from './context-led.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * Vehicle licence plates (Safe Harbor category 12) in free text after "plate", "licence/license
 * plate", "registration", "tag", "reg", "vehicle". A plate is one to three groups of letters and
 * digits (`7XKD221`, `ABC 1234`, `AB12 CDE`, `KX-4521`), 2 to 9 of them, with a digit. After the
 * weak words ("tag", "reg", "vehicle", "car": also prose, "skin tag 12 mm") it must be written in
 * capitals with a letter, and a trailing unit or word is no part of it.
 */
const strongLabels = String.raw`licen[cs]e plate(?: (?:number|no\.?|#))?|number plate|plate(?: (?:number|no\.?|#))?|registration(?: (?:plate|number|no\.?|#))?|reg(?:\.|istration)? (?:no\.?|number|#)`;
const weakLabels = String.raw`tag(?: (?:number|no\.?|#))?|reg|vehicle|car`;
const value = String.raw`[A-Za-z0-9]{1,8}(?:[ -][A-Za-z0-9]{1,4}){0,2}`;
const groupRe = /[A-Za-z0-9]+/g;
const strongRe = new RegExp(`^(?:${strongLabels.replaceAll(' ', '[ \\t]{1,2}')})$`, 'i');

export function validatePlate(v: string, label: string): readonly [number, number] | undefined {
  const strong = strongRe.test(label);
  const groups: Array<[number, number]> = [];
  for (const m of v.matchAll(groupRe)) groups.push([m.index, m.index + m[0].length]);
  // A trailing group without a digit that is not in capitals is the next word ("plate 7XKD221 was").
  while (groups.length > 1) {
    const [a, b] = groups[groups.length - 1]!;
    const g = v.slice(a, b);
    if (countDigits(g) > 0 || g === g.toUpperCase()) break;
    groups.pop();
  }
  const plate = v.slice(0, groups[groups.length - 1]![1]);
  const alnum = plate.replace(/[ -]/g, '');
  if (alnum.length < 2 || alnum.length > 9 || countDigits(alnum) === 0) return undefined;
  if (!strong && (alnum !== alnum.toUpperCase() || !/[A-Z]/.test(alnum) || alnum.length < 4)) return undefined;
  return [0, plate.length];
}

export const licencePlate: RecognizerDeclaration = {
  id: 'licence-plate',
  category: 'vehicle_id',
  priority: Priority.labelled,
  rule: 'recognizer:licence-plate',
  prefilter: { digits: 1, words: { list: ['licence', 'license', 'number', 'plate', 'registration', 'reg', 'tag', 'vehicle', 'car'] } },
  create: () =>
    contextLedMatcher({ id: 'licence-plate', category: 'vehicle_id', priority: Priority.labelled, labels: `${strongLabels}|${weakLabels}`, value, validate: validatePlate }),
};
