/**
 * The HIPAA Safe Harbor identifier categories (45 CFR 164.514(b)(2)) as Wardgate names them.
 * These exact strings appear in masking summaries and profiles.
 */
export const PHI_CATEGORIES = [
  'name',
  'address',
  'zip',
  'date',
  'age_over_89',
  'phone',
  'fax',
  'email',
  'ssn',
  'mrn',
  'health_plan_id',
  'account',
  'license',
  'vehicle_id',
  'device_id',
  'url',
  'ip',
  'biometric',
  'photo',
  'other_id',
] as const;

export type PhiCategory = (typeof PHI_CATEGORIES)[number];

const categorySet: ReadonlySet<string> = new Set(PHI_CATEGORIES);

export function isPhiCategory(value: string): value is PhiCategory {
  return categorySet.has(value);
}
