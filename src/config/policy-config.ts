import { z } from 'zod';
import { durationMs } from './duration.js';

/** `policy:` — where the rules come from. */
export const policyConfigSchema = z.strictObject({
  /** Policy YAML, hot-reloaded on change (mount the ConfigMap as a directory). Unset: the embedded demo policy. */
  file: z.string().min(1).optional(),
  /** @default false — decide and record, but allow everything (overrides the policy's own defaults). */
  dryRun: z.boolean().default(false),
  /** @default 2s — content-hash poll, the fallback when file events are missed. */
  pollInterval: durationMs.default(2_000),
});

export type PolicyConfig = z.output<typeof policyConfigSchema>;
