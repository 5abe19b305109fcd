import type { Command } from '../command/command.js';
import type { ResolvedIdentity } from '../identity/identity.js';
import type { MaskingSummary } from '../masking/masking-summary.js';
import type { AccessRequest } from './access-request.js';

/** The parts of other components the authorizer uses, as it sees them. */

export interface IdentityPort {
  resolve(request: AccessRequest): Promise<ResolvedIdentity>;
}

export interface HoldSettings {
  mode: 'wait' | 'respond';
  approverGroups: string[];
  approvalsRequired: number;
  approvalValidityMs: number;
  pendingTtlMs: number;
  waitTimeoutMs: number;
}

export interface PolicyVerdictView {
  action: 'allow' | 'deny' | 'hold' | 'require_grant';
  ruleId: string;
  reason: string;
  dryRun: boolean;
  deny?: { status: number; message: string };
  hold?: HoldSettings;
  requireGrant?: { otherwise: 'hold' | 'deny' };
  maskingProfile: string;
  maskRequestBody?: boolean;
}

export interface PolicyInputView {
  request: AccessRequest;
  command: Command;
  commandKinds: string[];
  identity: ResolvedIdentity;
  now: number;
}

/** The policy in force right now (hot reload swaps it underneath). */
export interface PolicyPort {
  evaluate(input: PolicyInputView): PolicyVerdictView;
}

export interface TextMaskingPort {
  maskText(input: string, profile: string): { output: string; summary: MaskingSummary };
}
