import { HmacSha256 } from './hmac-sha256.js';
import type { CompiledProfile } from './masking-profile.js';
import type { PhiCategory } from './phi-category.js';
import { PHI_CATEGORIES } from './phi-category.js';
import { safeHarborZip3 } from './zip3.js';

/** What the detector knows about a value beyond its category. */
export interface ReplaceHint {
  /** The date is a birth date: a year that implies an age over 89 must go too. */
  birth?: boolean;
}

/** Turns one detected value into its replacement under one profile. */
export interface Replacer {
  /** The replacement, or undefined when the profile keeps this category. */
  replace(category: PhiCategory, original: string, hint?: ReplaceHint): string | undefined;
}

const placeholders = Object.fromEntries(PHI_CATEGORIES.map((c) => [c, `[REDACTED:${c.toUpperCase()}]`])) as Record<PhiCategory, string>;

export function redactionPlaceholder(category: PhiCategory): string {
  return placeholders[category];
}

const maxCachedTokens = 50_000;

const idCategories: ReadonlySet<PhiCategory> = new Set(['mrn', 'health_plan_id', 'account', 'license', 'vehicle_id', 'device_id', 'other_id']);

const placeholderValueRe = /^\[REDACTED:[A-Z0-9_]{1,24}\]$/;
const tokenValueRe = /^tok_[a-z0-9_]{1,24}_[0-9a-f]{16}$/;
const starredValueRe = /^\*{2,}[-*]{0,8}[A-Za-z0-9]{0,4}$/;

/** True for our own output (placeholders, tokens, partial forms), so masking twice changes nothing. */
export function isMaskedValue(value: string): boolean {
  const n = value.length;
  if (n > 48 || n < 2) return false;
  // The first character tells which of our forms it could be.
  switch (value.charCodeAt(0)) {
    case 91 /* [ */:
      return placeholderValueRe.test(value);
    case 116 /* t */:
      return tokenValueRe.test(value);
    case 42 /* * */:
      return starredValueRe.test(value);
    default:
      // A partial ZIP (`021**`) or age (`90+`, `105+`).
      if (!isAsciiDigit(value.charCodeAt(0))) return false;
      if (n === 5) return isAsciiDigit(value.charCodeAt(1)) && isAsciiDigit(value.charCodeAt(2)) && value.charCodeAt(3) === 42 && value.charCodeAt(4) === 42;
      if (n === 3 || n === 4) return isAsciiDigit(value.charCodeAt(1)) && (n === 3 || isAsciiDigit(value.charCodeAt(2))) && value.charCodeAt(n - 1) === 43;
      return false;
  }
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The year of a date value, if it has a four-digit one. */
export function yearOf(value: string): number | undefined {
  const iso = /^\s*(\d{4})(?:[-/.T]|\s*$)/.exec(value);
  const match = iso ?? /(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/**
 * `tokenKey` stays inside this closure; tokens are `tok_<category>_<16 hex>` of an HMAC over
 * scope, category and a normalised value, so the same value in the same scope joins.
 */
export function createReplacer(profile: CompiledProfile, tokenKey: Buffer, currentYear: number): Replacer {
  const { modes, tokenScope } = profile;
  // One replacer serves one body: a value repeated in it (a patient's name in every resource)
  // costs one HMAC. Bounded, and gone with the body.
  const tokens = new Map<string, string>();
  let mac: HmacSha256 | undefined;

  function token(category: PhiCategory, original: string): string {
    const input = `${tokenScope}\u0000${category}\u0000${normaliseForToken(category, original)}`;
    let tok = tokens.get(input);
    if (tok === undefined) {
      mac ??= new HmacSha256(tokenKey);
      tok = `tok_${category}_${mac.hex(input, 16)}`;
      if (tokens.size < maxCachedTokens) tokens.set(input, tok);
    }
    return tok;
  }

  function partial(category: PhiCategory, original: string, hint: ReplaceHint | undefined): string {
    switch (category) {
      case 'ssn':
      case 'phone':
      case 'fax': {
        const digits = original.replace(/\D/g, '');
        if (digits.length < 7) return placeholders[category];
        return `${category === 'ssn' ? '***-**-' : '***-***-'}${digits.slice(-4)}`;
      }
      case 'date': {
        const year = yearOf(original);
        // Safe Harbor: a birth year that implies an age over 89 is itself identifying.
        if (year === undefined || (hint?.birth === true && year <= currentYear - 89)) return placeholders.date;
        return String(year);
      }
      case 'zip': {
        const zip3 = safeHarborZip3(original);
        return zip3 === undefined ? placeholders.zip : `${zip3}**`;
      }
      case 'age_over_89':
        return '90+';
      default: {
        if (!idCategories.has(category)) return placeholders[category];
        const alnum = original.replace(/[^A-Za-z0-9]/g, '');
        // Short identifiers would be mostly revealed by their last four characters.
        return alnum.length >= 8 ? `****${alnum.slice(-4)}` : placeholders[category];
      }
    }
  }

  return {
    replace(category, original, hint) {
      const mode = modes[category];
      if (mode === 'keep') return undefined;
      if (mode === 'token') return token(category, original);
      if (mode === 'partial') return partial(category, original, hint);
      return placeholders[category];
    },
  };
}

function normaliseForToken(category: PhiCategory, value: string): string {
  if (category === 'ssn' || category === 'phone' || category === 'fax') {
    const digits = value.replace(/\D/g, '');
    // +1 555 123 4567 and (555) 123-4567 are the same US number.
    return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  }
  return (plainSpacing(value) ? value : value.trim().replace(/\s+/g, ' ')).toLowerCase();
}

/** ASCII with single interior blanks only: trimming and collapsing whitespace would change nothing. */
function plainSpacing(value: string): boolean {
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 32 && c < 128) continue;
    if (c !== 32 || i === 0 || i === n - 1 || value.charCodeAt(i + 1) === 32) return false;
  }
  return true;
}
