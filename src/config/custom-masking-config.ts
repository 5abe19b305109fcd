import { z } from 'zod';
import { CHECK_DIGIT_SCHEMES } from '../masking/custom/check-digits.js';
import type { CompiledCustomMasking } from '../masking/custom/custom-masking.js';
import { compileCustomMasking } from '../masking/custom/custom-masking.js';
import { parseLinearPattern } from '../masking/custom/linear-pattern.js';
import { PHI_CATEGORIES } from '../masking/phi-category.js';
import { validateConfig } from './load-config.js';

// Terms are written by operators and may be staff names: messages name the field, never the term.
const term = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\p{L}\p{N}](?:.*[\p{L}\p{N}])?$/su, 'a term starts and ends with a letter or digit');
const profileList = z.array(z.string().min(1)).min(1).optional();

const pattern = z.string().superRefine((source, ctx) => {
  try {
    parseLinearPattern(source);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'invalid pattern' });
  }
});

/** One custom recognizer as operators write it (see src/masking/README.md, "Custom recognizers"). */
export const customRecognizerSchema = z.strictObject({
  /** Shown in summaries and `--explain` as `custom:<id>/patterns[i]`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'ids are 1-63 lower-case letters, digits, - or _'),
  category: z.enum(PHI_CATEGORIES),
  /** Linear-time regex subset: bounded repetition only, no lookarounds or backreferences. */
  patterns: z.array(pattern).min(1).max(32),
  /** A match counts only with one of these words within `contextWindow` characters of it. */
  context: z.array(term).max(200).optional(),
  /** @default 40 */
  contextWindow: z.number().int().min(1).max(200).optional(),
  validate: z
    .strictObject({
      checkDigit: z.enum(CHECK_DIGIT_SCHEMES).optional(),
      length: z.strictObject({ min: z.number().int().min(1).optional(), max: z.number().int().min(1).optional() }).optional(),
    })
    .optional(),
  /** Overlap resolution: built-ins are 30 (names) to 90 (URLs). @default 20 */
  priority: z.number().int().min(1).max(99).optional(),
  profiles: profileList,
  /** @default false */
  ignoreCase: z.boolean().optional(),
});

/** `masking.custom`: the organisation's own identifiers, terms and field names. Hot-reloaded. */
export const customMaskingSchema = z.strictObject({
  recognizers: z.array(customRecognizerSchema).max(200).default([]),
  /** Terms always masked (whole term, any case), e.g. staff names. */
  denyList: z.array(z.strictObject({ terms: z.array(term).min(1).max(100_000), category: z.enum(PHI_CATEGORIES).optional(), profiles: profileList })).default([]),
  /** Terms never masked in free text (drug, department, product names); they win over built-in detections. */
  allowList: z.array(z.strictObject({ terms: z.array(term).min(1).max(100_000), profiles: profileList })).default([]),
  /** Field names, CSV column names or JSON paths whose values are PHI of a category. */
  keyRules: z
    .array(
      z
        .strictObject({
          category: z.enum(PHI_CATEGORIES),
          keys: z.array(z.string().min(1)).optional(),
          paths: z.array(z.string().regex(/^(?:\$|[A-Z][A-Za-z]*)(?:\.[^.\s]+)+$/, 'a path like $.patient.localId or Patient.extension.valueString')).optional(),
          /** @default true */
          numeric: z.boolean().optional(),
        })
        .refine((r) => (r.keys?.length ?? 0) + (r.paths?.length ?? 0) > 0, 'name at least one key or path'),
    )
    .default([]),
}).superRefine((block, ctx) => {
  const ids = new Set<string>();
  block.recognizers.forEach((r, i) => {
    if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['recognizers', i, 'id'], message: `duplicate recognizer id ${r.id}` });
    ids.add(r.id);
    const len = r.validate?.length;
    if (len?.min !== undefined && len.max !== undefined && len.min > len.max) {
      ctx.addIssue({ code: 'custom', path: ['recognizers', i, 'validate', 'length'], message: 'min is over max' });
    }
  });
});

export type CustomMaskingInput = z.input<typeof customMaskingSchema>;
export type CustomMaskingConfig = z.output<typeof customMaskingSchema>;

/** Names of every profile the block scopes something to, with the field path of each. */
export function scopedProfiles(block: CustomMaskingConfig): Array<{ path: Array<string | number>; profile: string }> {
  const out: Array<{ path: Array<string | number>; profile: string }> = [];
  const collect = (list: ReadonlyArray<{ profiles?: readonly string[] | undefined }>, key: string): void =>
    list.forEach((item, i) => item.profiles?.forEach((profile, j) => out.push({ path: [key, i, 'profiles', j], profile })));
  collect(block.recognizers, 'recognizers');
  collect(block.denyList, 'denyList');
  collect(block.allowList, 'allowList');
  return out;
}

/**
 * Validates a `masking.custom` block read on its own (a hot reload) and compiles it: errors name
 * the field (`masking.custom.recognizers[0].patterns[1]: unbounded repetition ...`).
 */
export function loadCustomMasking(raw: unknown, knownProfiles: readonly string[]): CompiledCustomMasking {
  const block = validateConfig(z.object({ masking: z.object({ custom: customMaskingSchema.prefault({}) }).prefault({}) }).superRefine((c, ctx) => {
    for (const { path, profile } of scopedProfiles(c.masking.custom)) {
      if (!knownProfiles.includes(profile)) ctx.addIssue({ code: 'custom', path: ['masking', 'custom', ...path], message: `unknown profile ${profile}` });
    }
  }), { masking: { custom: raw ?? {} } });
  return compileCustomMasking(block.masking.custom);
}
