import { normaliseKey } from '../key-rules.js';
import type { PhiCategory } from '../phi-category.js';
import type { CompiledCustomMasking } from './custom-masking.js';
import { normaliseJsonPath } from './custom-masking.js';

/** Why one value was masked (`wardgate mask --explain`). Holds the value: never for logs. */
export interface Explanation {
  readonly category: PhiCategory;
  /** `custom:<id>`, `deny-list`, `value:ssn`, `recognizer:device-serial`, `key-rule`, `structure`. */
  readonly recognizer: string;
  /** Which of its rules: `patterns[0] HOSP-\d{7}`, `denyList[1]`, a JSON path or CSV column. */
  readonly rule: string;
  readonly original: string;
}

const customRe = /^custom:([^/]+)\/patterns\[(\d+)\]$/;

/** Reads the rule a span or a structural mask carried (`MaskContext.apply`'s `rule`). */
export function explainMasked(category: PhiCategory, rule: string, original: string, custom?: CompiledCustomMasking): Explanation {
  const c = customRe.exec(rule);
  if (c !== null) {
    const source = custom?.recognizers.find((r) => r.id === c[1])?.patternSource(Number(c[2]));
    return { category, recognizer: `custom:${c[1]!}`, rule: `patterns[${c[2]!}]${source === undefined ? '' : ` ${source}`}`, original };
  }
  if (rule.startsWith('deny:')) return { category, recognizer: 'deny-list', rule: rule.slice('deny:'.length), original };
  if (/^(?:value|recognizer|name):/.test(rule)) return { category, recognizer: rule, rule: 'built-in', original };
  // A JSON path or CSV column: the key, a path rule, or the FHIR datatype around it decided.
  const lastKey = rule.slice(rule.lastIndexOf('.') + 1).replace(/\[\]$/, '');
  const byCustom = custom !== undefined && (custom.pathRules.has(normaliseJsonPath(rule)) || custom.keyRules.has(normaliseKey(lastKey)));
  return { category, recognizer: byCustom ? 'key-rule (masking.custom)' : 'structure', rule, original };
}

/** One tab-separated line: file, category, recognizer, rule, the original as a JSON string. */
export function formatExplanation(file: string, e: Explanation): string {
  return `${file}\t${e.category}\t${e.recognizer}\t${e.rule}\t${JSON.stringify(e.original)}\n`;
}
