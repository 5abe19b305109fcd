import { z } from 'zod';
import { parseDurationMs } from '../config/duration.js';

/** "30m", "2h", "90s": a positive duration as people type it, in milliseconds. */
export const positiveDuration = z.string().transform((value, ctx) => {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(value)}: use e.g. 30m, 2h` });
    return z.NEVER;
  }
  return ms;
});

const comment = z.string().trim().min(1, 'a comment is required').max(2000);

export const approveBodySchema = z.strictObject({
  comment,
  /** "Approve for 30 minutes": a time-boxed grant instead of a one-time one. */
  grantFor: positiveDuration.optional(),
});

export const denyBodySchema = z.strictObject({ comment });

const stringList = z.array(z.string().min(1).max(512)).max(64);

export const issueGrantBodySchema = z.strictObject({
  subject: z
    .strictObject({ user: z.string().min(1).max(1024).optional(), agent: z.string().min(1).max(1024).optional() })
    .refine((s) => s.user !== undefined || s.agent !== undefined, 'subject needs a user or an agent'),
  scope: z.strictObject({
    /** `exact`: one destination, method and path, compared literally. @default glob */
    match: z.enum(['glob', 'exact']).optional(),
    destinations: stringList.default([]),
    methods: stringList.default([]),
    paths: stringList.default([]),
    commandKinds: stringList.default([]),
  }),
  reason: z.string().trim().min(1, 'a reason is required').max(2048),
  ttl: positiveDuration,
  maxUses: z.number().int().min(1).max(1_000_000).optional(),
});

export const approvalStatusSchema = z.enum(['pending', 'approved', 'denied', 'expired']);

export type ApproveBody = z.infer<typeof approveBodySchema>;
export type IssueGrantBody = z.input<typeof issueGrantBodySchema>;
