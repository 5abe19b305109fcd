import { PHI_CATEGORIES } from './phi-category.js';
import type { PhiCategory } from './phi-category.js';

/** How a masked value is replaced. */
export type MaskMode = 'redact' | 'partial' | 'token';
/** Per-category override; `keep` leaves the category untouched (e.g. dates for a trusted consumer). */
export type CategoryMode = MaskMode | 'keep';

export const MASK_MODES = ['redact', 'partial', 'token'] as const satisfies readonly MaskMode[];
export const CATEGORY_MODES = ['redact', 'partial', 'token', 'keep'] as const satisfies readonly CategoryMode[];

/**
 * A masking profile is configuration, not code. `partial` falls back to `redact` for
 * categories without a partial form (names, addresses, emails, URLs, IPs, photos, ...).
 */
export interface MaskingProfile {
  name: string;
  defaultMode: MaskMode;
  categories?: Partial<Record<PhiCategory, CategoryMode>>;
  /** Mixed into token HMACs so tokens from different scopes cannot be joined. Defaults to the profile name. */
  tokenScope?: string;
  /** Recognizer ids (`BUILT_IN_RECOGNIZERS`, or an operator's) this profile does not run, e.g. `['licence-plate']`. */
  disabledRecognizers?: string[];
}

/** The profile a body is masked with when nothing else is configured. */
export const DEFAULT_MASKING_PROFILE = 'strict';

const identifierCategories = ['ssn', 'phone', 'fax', 'mrn', 'health_plan_id', 'account', 'license', 'vehicle_id', 'device_id', 'other_id'] as const;

/** Fresh copies of the built-in profiles: `strict` (default), `research`, `joinable`. */
export function builtInMaskingProfiles(): MaskingProfile[] {
  const research: Partial<Record<PhiCategory, CategoryMode>> = { date: 'partial', zip: 'partial', age_over_89: 'partial' };
  for (const c of identifierCategories) research[c] = 'partial';
  return [
    { name: 'strict', defaultMode: 'redact' },
    { name: 'research', defaultMode: 'redact', categories: research },
    {
      name: 'joinable',
      defaultMode: 'token',
      categories: { date: 'partial', zip: 'partial', age_over_89: 'partial', photo: 'redact', biometric: 'redact' },
    },
  ];
}

/** A profile resolved to one mode per category. */
export interface CompiledProfile {
  readonly name: string;
  readonly tokenScope: string;
  readonly modes: Readonly<Record<PhiCategory, CategoryMode>>;
  /** Sorted, without duplicates. */
  readonly disabledRecognizers: readonly string[];
}

export function compileProfile(profile: MaskingProfile): CompiledProfile {
  const modes = {} as Record<PhiCategory, CategoryMode>;
  for (const c of PHI_CATEGORIES) modes[c] = profile.categories?.[c] ?? profile.defaultMode;
  const disabledRecognizers = Object.freeze([...new Set(profile.disabledRecognizers ?? [])].sort());
  return Object.freeze({ name: profile.name, tokenScope: profile.tokenScope ?? profile.name, modes: Object.freeze(modes), disabledRecognizers });
}
