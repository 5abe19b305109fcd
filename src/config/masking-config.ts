import { z } from 'zod';
import { CATEGORY_MODES, DEFAULT_MASKING_PROFILE, MASK_MODES, builtInMaskingProfiles } from '../masking/masking-profile.js';
import { PHI_CATEGORIES } from '../masking/phi-category.js';
import { customMaskingSchema, scopedProfiles } from './custom-masking-config.js';
import { BUILT_IN_RECOGNIZERS } from '../masking/recognizers/built-in-recognizers.js';

/** One masking profile as users write it. */
export const maskingProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'profile names are 1-63 letters, digits, - or _'),
    /** @default 'redact' */
    defaultMode: z.enum(MASK_MODES).default('redact'),
    /** Per-category override: redact | partial | token | keep. */
    categories: z.partialRecord(z.enum(PHI_CATEGORIES), z.enum(CATEGORY_MODES)).optional(),
    /** Mixed into token HMACs; defaults to the profile name. */
    tokenScope: z.string().min(1).optional(),
    /** Recognizer ids this profile does not run (see src/masking/README.md for the list). */
    disabledRecognizers: z.array(z.string().min(1)).optional(),
  })
  .strict();

/** Ids a profile may switch off. (Operator-declared recognizers add theirs where they are configured.) */
const KNOWN_RECOGNIZER_IDS: ReadonlySet<string> = new Set(BUILT_IN_RECOGNIZERS.map((r) => r.id));

/**
 * The `masking` section. The lead's config loader reads the token key from `tokenKeyFile`
 * or the environment variable named by `tokenKeyEnv`; this schema only checks the shape.
 */
export const maskingConfigSchema = z
  .object({
    /** @default 'strict' */
    defaultProfile: z.string().min(1).default(DEFAULT_MASKING_PROFILE),
    /** Added to the built-ins (strict, research, joinable); the same name replaces a built-in. */
    profiles: z.array(maskingProfileSchema).default([]),
    tokenKeyFile: z.string().min(1).optional(),
    tokenKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
    /** The organisation's own recognizers, deny/allow-lists and key rules; hot-reloaded from the config file. */
    custom: customMaskingSchema.prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.profiles.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: 'custom', path: ['profiles', i, 'name'], message: `duplicate profile ${p.name}` });
      names.add(p.name);
      p.disabledRecognizers?.forEach((id, j) => {
        if (!KNOWN_RECOGNIZER_IDS.has(id)) ctx.addIssue({ code: 'custom', path: ['profiles', i, 'disabledRecognizers', j], message: `unknown recognizer id ${id}` });
      });
    });
    for (const p of builtInMaskingProfiles()) names.add(p.name);
    for (const { path, profile } of scopedProfiles(config.custom)) {
      if (!names.has(profile)) ctx.addIssue({ code: 'custom', path: ['custom', ...path], message: `unknown profile ${profile}` });
    }
    if (!names.has(config.defaultProfile)) {
      ctx.addIssue({ code: 'custom', path: ['defaultProfile'], message: `unknown profile ${config.defaultProfile}` });
    }
    if (config.tokenKeyFile !== undefined && config.tokenKeyEnv !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['tokenKeyFile'], message: 'set tokenKeyFile or tokenKeyEnv, not both' });
    }
  });

export type MaskingConfigInput = z.input<typeof maskingConfigSchema>;
export type MaskingConfig = z.output<typeof maskingConfigSchema>;
