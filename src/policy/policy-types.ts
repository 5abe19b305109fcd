import type { AccessRequest } from '../authz/access-request.js';
import type { Command } from '../command/command.js';
import type { ResolvedIdentity } from '../identity/identity.js';

export type PolicyAction = 'allow' | 'deny' | 'hold' | 'require_grant';

export interface PolicyInput {
  request: AccessRequest;
  command: Command;
  /** `commandKinds(command)`, computed once by the caller. */
  commandKinds: string[];
  identity: ResolvedIdentity;
  /** Epoch milliseconds (from the injected clock). */
  now: number;
}

export interface HoldSettings {
  /** `wait`: keep the agent's request open until decided or `waitTimeoutMs`; `respond`: answer 202-style at once. */
  mode: 'wait' | 'respond';
  approverGroups: string[];
  approvalsRequired: number;
  /** How long an approval stays usable for repeating the same command. */
  approvalValidityMs: number;
  /** How long an undecided approval request lives. */
  pendingTtlMs: number;
  waitTimeoutMs: number;
}

export interface PolicyVerdict {
  action: PolicyAction;
  /** The deciding rule's id; `default` when no rule matched. */
  ruleId: string;
  /** Human, PHI-free: built from the policy text only, never from the request. */
  reason: string;
  /** Which rules were tried and why each was skipped or taken (for `policy test` and debugging). */
  trace: string[];
  /**
   * Shadow mode: the caller must allow the request and record this verdict. Set for every verdict
   * under `defaults.dryRun`, and when a rule with `dryRun: true` matched while the rules after it
   * would have allowed the request anyway.
   */
  dryRun: boolean;
  deny?: { status: number; message: string };
  /** Set when the denial is Wardgate's own reading, not the rule's action: for the client's `reason`. */
  denyCode?: 'unclassifiable_command' | 'ambiguous_command';
  hold?: HoldSettings;
  requireGrant?: { otherwise: 'hold' | 'deny' };
  maskingProfile: string;
  /** The rule asks for the request body to be masked too (before it goes upstream). */
  maskRequestBody?: boolean;
  /**
   * A dry-run rule matched but an enforced rule (or the default) decided a non-allow action:
   * the enforced verdict wins and the shadow decision is reported here for recording.
   */
  shadow?: { ruleId: string; action: PolicyAction; reason: string };
}

export interface EvaluateOptions {
  /** Build `trace` (cheap: precomputed strings). @default true */
  trace?: boolean;
}

export interface CompiledPolicy {
  /** Hex SHA-256 of the policy source (file bytes when known, canonical JSON otherwise). */
  readonly sha256: string;
  readonly ruleCount: number;
  readonly ruleIds: readonly string[];
  /** `defaults.dryRun`. */
  readonly dryRun: boolean;
  /** Pure and synchronous: no I/O, no clock other than `input.now`. */
  evaluate(input: PolicyInput, options?: EvaluateOptions): PolicyVerdict;
  /** The compiled rule tree, one rule per block, for `wardgate policy check`. */
  toString(): string;
}
