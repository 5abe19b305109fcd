import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { isAsciiDigit } from './text-helpers.js';

/** Words that make an id in the same sentence a plan or member id (their plural and capitalised forms are added below). */
const CONTEXT = [
  'plan', 'member', 'membership', 'subscriber', 'policy', 'insurance', 'insurer', 'insured', 'coverage', 'card', 'payer', 'beneficiary', 'enrollee',
  'medicaid', 'medicare', 'hmo', 'ppo', 'aetna', 'cigna', 'humana', 'anthem', 'kaiser', 'permanente', 'unitedhealthcare', 'bcbs', 'tricare', 'molina', 'wellcare', 'highmark', 'ambetter', 'centene',
];
const forms = CONTEXT.flatMap((w) => [w, `${w}s`, w.charAt(0).toUpperCase() + w.slice(1), `${w.charAt(0).toUpperCase() + w.slice(1)}s`, w.toUpperCase()]);
/** How far a context word may stand from the id, in the same sentence. */
const BEFORE = 60;
const AFTER = 40;
/** Trial registry ids look the same and are no one's plan (ClinicalTrials.gov, ISRCTN). */
const notPlanRe = /^(?:NCT\d{8}|ISRCTN\d{8})$/;

/**
 * A plan or member id inside a sentence, without a label the labelled `health-plan-id` waits
 * for (Safe Harbor 9): "She gave us plan number YUT0697760", "her Aetna plan W123456789 was
 * renewed", "The card shows UCR521601178". The id's shape: 6 to 24 capitals, digits and inner
 * `-`, with a capital and at least five digits (codes such as `E11.9`, `SpO2`, `CPT 99213` and
 * all-digit numbers are not); the context: a plan word or a payer's name within 60 characters
 * before it or 40 after it, in the same sentence ("Aetna approved the claim. Referring NPI ..."
 * has none beside the NPI).
 */
export const healthPlanIdInProse: RecognizerDeclaration = {
  id: 'health-plan-id-in-prose',
  category: 'health_plan_id',
  priority: Priority.labelled,
  rule: 'recognizer:health-plan-id-in-prose',
  prefilter: { digits: 5, upper: true, words: { list: forms, case: 'exact' } },
  create: () => {
    const idRe = /(?<![A-Za-z0-9-])[A-Z0-9][A-Z0-9-]{4,22}[A-Z0-9](?![A-Za-z0-9-])/g;
    const contextRe = new RegExp(`(?<![A-Za-z])(?:${forms.join('|')})(?![A-Za-z])`);
    return (text, out) => {
      idRe.lastIndex = 0;
      for (let m = idRe.exec(text); m !== null; m = idRe.exec(text)) {
        const id = m[0];
        if (!isPlanIdShape(id) || notPlanRe.test(id)) continue;
        const start = m.index;
        const end = start + id.length;
        if (!contextRe.test(sentenceBefore(text, start)) && !contextRe.test(sentenceAfter(text, end))) continue;
        out.push({ start, end, category: 'health_plan_id', rule: 'recognizer:health-plan-id-in-prose', priority: Priority.labelled });
      }
    };
  },
};

function isPlanIdShape(id: string): boolean {
  let digits = 0;
  let capitals = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (isAsciiDigit(c)) digits++;
    else if (c >= 65 && c <= 90) capitals++;
    else if (c === 45 && id.charCodeAt(i + 1) === 45) return false;
  }
  return digits >= 5 && capitals >= 1;
}

/** Sentence ends: `.`, `!`, `?` before a blank or the end, `;` and line breaks. */
function endsSentence(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 10 || c === 13 || c === 59) return true;
  if (c !== 46 && c !== 33 && c !== 63) return false;
  const next = text.charCodeAt(i + 1);
  return Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13;
}

function sentenceBefore(text: string, start: number): string {
  let i = start;
  const stop = Math.max(0, start - BEFORE);
  while (i > stop && !endsSentence(text, i - 1)) i--;
  return text.slice(i, start);
}

function sentenceAfter(text: string, end: number): string {
  let i = end;
  const stop = Math.min(text.length, end + AFTER);
  while (i < stop && !endsSentence(text, i)) i++;
  return text.slice(end, i);
}
