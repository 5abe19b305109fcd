import { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/** What users write under `admin:` (the HTTP admin/approver API on the metrics port). */
export const adminConfigSchema = z.strictObject({
  /** Serve /v1/approvals and /v1/grants. @default true */
  enabled: z.boolean().default(true),
  /** OIDC groups allowed to issue, list everyone's and revoke grants. @default [] (nobody) */
  adminGroups: z.array(z.string().min(1)).default([]),
  /** How approvers reach this API (shown in chat notifications), e.g. https://wardgate.example.org. */
  publicUrl: z.url().optional(),
});

export type AdminConfigInput = z.input<typeof adminConfigSchema>;

export interface AdminConfig {
  enabled: boolean;
  adminGroups: readonly string[];
  publicUrl?: string;
}

export function compileAdminConfig(input: unknown): AdminConfig {
  const parsed = adminConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw new WardgateError(ErrorCode.InvalidArgument, `invalid admin config: ${z.prettifyError(parsed.error)}`);
  const { enabled, adminGroups, publicUrl } = parsed.data;
  return Object.freeze({ enabled, adminGroups: Object.freeze([...adminGroups]), ...(publicUrl !== undefined ? { publicUrl } : {}) });
}
