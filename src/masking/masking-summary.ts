/**
 * What masking did to one body: counts by PHI category and by the rule or JSON path
 * that fired. Never the values. Goes into the audit session event.
 */
export interface MaskingSummary {
  /** Safe Harbor category -> number of values masked, e.g. { name: 3, ssn: 1 }. */
  categories: Record<string, number>;
  /** Rule id or normalised JSON path (e.g. `Patient.name.given`, `value:ssn`) -> count. */
  rules: Record<string, number>;
  /** Total values masked. */
  total: number;
}

export function emptyMaskingSummary(): MaskingSummary {
  return { categories: {}, rules: {}, total: 0 };
}

export function mergeMaskingSummaries(into: MaskingSummary, from: MaskingSummary): MaskingSummary {
  for (const [k, v] of Object.entries(from.categories)) into.categories[k] = (into.categories[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.rules)) into.rules[k] = (into.rules[k] ?? 0) + v;
  into.total += from.total;
  return into;
}
