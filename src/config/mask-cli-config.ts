import { z } from 'zod';
import type { CompiledCustomMasking } from '../masking/custom/custom-masking.js';
import { compileCustomMasking } from '../masking/custom/custom-masking.js';
import type { MaskingProfile } from '../masking/masking-profile.js';
import { readConfigFile, validateConfig } from './load-config.js';
import { maskingConfigSchema } from './masking-config.js';

// Only the masking section is read: the server's own config file works as it is.
const maskingOnly = z.object({ masking: maskingConfigSchema.prefault({}) });

/** `wardgate mask --config FILE`: the file's masking profiles and compiled `masking.custom`. */
export function loadMaskingSection(file: string): { profiles: MaskingProfile[]; custom: CompiledCustomMasking } {
  const { masking } = validateConfig(maskingOnly, readConfigFile(file));
  return { profiles: masking.profiles, custom: compileCustomMasking(masking.custom) };
}
