import type { KeyRule } from './key-rules.js';
import type { MaskContext } from './mask-context.js';
import { isMaskedValue } from './replacer.js';

/**
 * Masks a scalar whose key or column names its category (`"ssn": ...`, a `dob` column).
 * Returns the value unchanged when it is empty, already masked, or not PHI after all
 * (a bare year, an age of 89 or less, a number under a key where numbers are not PHI).
 */
export function maskByRule(v: unknown, rule: KeyRule, path: string, ctx: MaskContext, currentYear: number): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return v;
    if (rule.category === 'age_over_89') return v > 89 ? ctx.apply('age_over_89', String(v), path) : v;
    if (!rule.numeric) return v;
    // A ZIP stored as a number has lost its leading zeros (02115 -> 2115).
    const text = rule.category === 'zip' && Number.isInteger(v) && v >= 0 && v < 100_000 ? String(v).padStart(5, '0') : String(v);
    return ctx.apply(rule.category, text, path, rule.birth ? { birth: true } : undefined);
  }
  if (typeof v !== 'string' || v.trim() === '' || isMaskedValue(v)) return v;
  if (rule.category === 'date' && /^\s*\d{4}\s*$/.test(v)) {
    // A year alone is allowed by Safe Harbor, unless it is a birth year that implies an age over 89.
    return rule.birth === true && Number(v) <= currentYear - 89 ? ctx.apply('date', v, path, { birth: true }) : v;
  }
  if (rule.category === 'age_over_89') {
    const age = Number.parseInt(v, 10);
    return Number.isFinite(age) && age > 89 ? ctx.apply('age_over_89', v, path) : v;
  }
  return ctx.apply(rule.category, v, path, rule.birth ? { birth: true } : undefined);
}
