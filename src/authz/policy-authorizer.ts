import { randomUUID } from 'node:crypto';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { AuditDecision, AuditEventInput } from '../audit/audit-event.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import { WardgateError } from '../errors/wardgate-error.js';
import { commandKinds as kindsOf, type Command } from '../command/command.js';
import type { Grant } from '../grants/grant.js';
import { auditGrant } from '../grants/grant-audit.js';
import type { GrantStore } from '../grants/grant-store.js';
import type { ResolvedIdentity } from '../identity/identity.js';
import type { Logger } from '../logging/logger.js';
import type { WardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { AccessRequest } from './access-request.js';
import { bodyNotSeenWhole } from './body-seen.js';
import type { Authorizer, CheckCancellation } from './authorizer.js';
import type { AuthzOutcome, ExchangeMetadata } from './authz-outcome.js';
import type { HoldSettings, PolicyVerdict } from '../policy/policy-types.js';
import type { IdentityPort, PolicyPort, TextMaskingPort } from './authz-ports.js';
import { decideOnFailure, type DecisionStep, type FailureMode } from './failure-decision.js';
import { requestFingerprint } from './request-fingerprint.js';
import { RequestRecorder } from './request-recorder.js';

export interface PolicyAuthorizerDeps {
  identity: IdentityPort;
  policy: PolicyPort;
  classify: (request: AccessRequest) => Command;
  grants: GrantStore;
  approvals: ApprovalService;
  audit: AuditRecorder;
  /** Masks PHI in the command text recorded in audit events and approval requests. */
  masking: TextMaskingPort;
  /** Keyed hash of the raw command, for proof without disclosure. */
  hashCommand: (raw: string) => string;
  clock: Clock;
  logger: Logger;
  metrics: WardgateMetrics;
  settings: {
    /** Profile used to mask recorded commands (the strictest). */
    recordProfile: string;
    /** The profile name meaning "route carries no PHI". */
    passthroughProfile: string;
    grantStoreFailure: FailureMode;
    /** Where approvers act; included in a held response. */
    approvalUrlBase?: string;
  };
}

interface Decided {
  outcome: AuthzOutcome;
  decision: AuditDecision;
}

/** ext_authz decisions: identity -> command -> policy -> grants / approvals -> audit. */
export class PolicyAuthorizer implements Authorizer {
  private readonly recorder: RequestRecorder;

  constructor(private readonly deps: PolicyAuthorizerDeps) {
    this.recorder = new RequestRecorder((text) => {
      const result = deps.masking.maskText(text, deps.settings.recordProfile);
      return { output: result.output, total: result.summary.total };
    });
  }

  async authorize(request: AccessRequest, cancellation: CheckCancellation): Promise<AuthzOutcome> {
    const { deps } = this;
    const startedAt = deps.clock.monotonic();
    let step: DecisionStep = 'resolve_identity';
    let identity: ResolvedIdentity = {};
    let command: Command | undefined;
    let commandKinds: string[] = [];
    let verdict: PolicyVerdict;
    try {
      identity = await deps.identity.resolve(request);
      step = 'classify_command';
      command = deps.classify(request);
      commandKinds = kindsOf(command);
      step = 'evaluate_policy';
      verdict = deps.policy.evaluate({ request, command, commandKinds, identity, now: deps.clock.now() });
    } catch (err: unknown) {
      // A bug here must not turn into "plain REST" or "no rule": deny, count, log without PHI.
      const failure = decideOnFailure(step, err, 'closed');
      deps.metrics.decisionFailures.inc({ step });
      const error = WardgateError.from(err);
      deps.logger.error({ step, errorType: err instanceof Error ? err.name : typeof err, code: error.code, requestId: request.requestId }, 'decision step failed; request denied');
      command = { type: 'rest', method: request.http.method.toUpperCase(), path: request.http.path };
      commandKinds = kindsOf(command);
      verdict = { action: 'deny', ruleId: 'wardgate.internal', reason: `${failure.reason} in ${step}`, trace: [], dryRun: false, maskingProfile: deps.settings.recordProfile };
      const context = this.context(request, identity, command, commandKinds, verdict);
      return this.finish(context, this.deny(context, failure.status, failure.reason, verdict.reason), startedAt);
    }
    const context = this.context(request, identity, command, commandKinds, verdict);

    let decided: Decided;
    try {
      decided = await this.enforce(context, cancellation);
    } catch (err: unknown) {
      const failure = decideOnFailure('grant_store', err, deps.settings.grantStoreFailure);
      deps.logger.warn({ err, requestId: request.requestId, reason: failure.reason }, 'decision dependency failed');
      decided =
        failure.enforce === 'allow'
          ? this.allow(context, { reason: `${verdict.reason}; ${failure.reason}, failing open` })
          : this.deny(context, failure.status, failure.reason, `${verdict.reason}; ${failure.reason}`);
    }
    return this.finish(context, decided, startedAt);
  }

  private context(request: AccessRequest, identity: ResolvedIdentity, command: Command, commandKinds: string[], verdict: PolicyVerdict): DecisionContext {
    const { deps } = this;
    const subject = { user: identity.user?.subject, agent: identity.agent?.principal };
    return new DecisionContext({
      request,
      identity,
      command,
      commandKinds,
      verdict,
      subject,
      decisionId: randomUUID(),
      ...this.recorded(request, command),
    }, deps.hashCommand);
  }

  /** Records the decision (the answer waits for its record in durable mode; a refusal may turn an allow into a deny) and counts it. */
  private async finish(context: DecisionContext, decidedFirst: Decided, startedAt: number): Promise<AuthzOutcome> {
    const { deps } = this;
    const { verdict } = context;
    let decided = decidedFirst;
    const event = this.decisionEvent(context, decided.decision);
    const refusal = await deps.audit.record(event, verdict.maskingProfile !== deps.settings.passthroughProfile ? 'phi_request' : 'request');
    if (refusal !== undefined && decided.outcome.kind === 'allow') {
      const failure = decideOnFailure('audit', refusal, 'closed');
      decided = this.deny(context, failure.status, failure.reason, failure.reason);
    }

    const label = decided.decision.dryRun && decided.decision.action !== 'allow' ? 'dry_run' : decided.decision.enforced;
    deps.metrics.requests.inc({ service: 'authz', decision: label });
    deps.metrics.latency.observe((deps.clock.monotonic() - startedAt) / 1000, { service: 'authz', decision: label });
    return decided.outcome;
  }

  private async enforce(ctx: DecisionContext, cancellation: CheckCancellation): Promise<Decided> {
    const { verdict } = ctx;
    if (verdict.dryRun && verdict.action !== 'allow') {
      // Shadow mode: record what would have happened, let it through.
      return this.allow(ctx, { action: verdict.action === 'require_grant' ? 'hold' : verdict.action, dryRun: true });
    }
    switch (verdict.action) {
      case 'allow':
        return this.allow(ctx, {});
      case 'deny':
        return this.deny(ctx, verdict.deny?.status ?? 403, verdict.denyCode ?? 'denied_by_policy', verdict.deny?.message ?? verdict.reason);
      case 'require_grant': {
        const grant = await this.useGrant(ctx);
        if (grant) return this.allow(ctx, { grantId: grant.id, reason: `${verdict.reason}; grant ${grant.id}` });
        if (verdict.requireGrant?.otherwise === 'hold' && verdict.hold) return this.hold(ctx, verdict.hold, cancellation);
        return this.deny(ctx, verdict.deny?.status ?? 403, 'grant_required', `${verdict.reason}; no active grant`);
      }
      case 'hold': {
        // A retry after approval carries a one-time grant bound to its fingerprint.
        const grant = await this.useGrant(ctx);
        if (grant) return this.allow(ctx, { action: 'hold', grantId: grant.id, reason: `${verdict.reason}; approved, grant ${grant.id}` });
        if (!verdict.hold) return this.deny(ctx, 403, 'hold_misconfigured', verdict.reason);
        return this.hold(ctx, verdict.hold, cancellation);
      }
    }
  }

  private async useGrant(ctx: DecisionContext): Promise<Grant | undefined> {
    if (!ctx.subject.user && !ctx.subject.agent) return undefined;
    const grant = await this.deps.grants.useMatching({
      subject: ctx.subject,
      destination: ctx.request.http.authority,
      method: ctx.request.http.method,
      path: ctx.request.http.path,
      commandKinds: ctx.commandKinds,
      fingerprint: ctx.fingerprint(),
      commandHash: ctx.commandHash(),
    });
    if (grant) {
      void this.deps.audit.record({
        kind: 'grant.used',
        correlationId: ctx.request.requestId,
        actor: this.actor(ctx),
        grant: auditGrant(grant),
      }, 'record');
    }
    return grant;
  }

  private async hold(ctx: DecisionContext, hold: HoldSettings, cancellation: CheckCancellation): Promise<Decided> {
    const { request, verdict } = ctx;
    if (bodyNotSeenWhole(request)) {
      // The approver would approve bytes Wardgate never saw: refuse to hold rather than grant them.
      return this.deny(ctx, 403, 'body_not_approvable', `${verdict.reason}; the request body was not seen whole, so no approval can cover it`);
    }
    const approval = await this.deps.approvals.create({
      requester: { user: ctx.subject.user, userGroups: [...(ctx.identity.user?.groups ?? [])], agent: ctx.subject.agent },
      command: ctx.recordedCommand,
      commandKinds: ctx.commandKinds,
      destination: request.http.authority,
      recordedDestination: ctx.recordedDestination,
      method: request.http.method,
      path: request.http.path,
      fingerprint: ctx.fingerprint(),
      commandHash: ctx.commandHash(),
      ruleId: verdict.ruleId,
      reason: verdict.reason,
      approverGroups: hold.approverGroups,
      approvalsRequired: hold.approvalsRequired,
      grantTtlMs: hold.approvalValidityMs,
      correlationId: request.requestId,
      pendingTtlMs: hold.pendingTtlMs,
    });
    if (hold.mode === 'respond') {
      return this.deny(ctx, 403, 'held', `${verdict.reason}; approval ${approval.id} required`, {
        action: 'hold',
        approvalId: approval.id,
        body: {
          status: 'held',
          approvalId: approval.id,
          message: 'This request needs approval. Retry the same request after it is approved.',
          approve: {
            cli: `wardgate approvals approve ${approval.id} --comment "<why>"`,
            http: `${this.deps.settings.approvalUrlBase ?? ''}/v1/approvals/${approval.id}/approve`,
          },
          expiresAt: new Date(approval.expiresAt).toISOString(),
        },
      });
    }
    const outcome = await this.deps.approvals.waitForOutcome(approval.id, hold.waitTimeoutMs, cancellation.signal());
    if (outcome === 'approved') {
      // Consume the one-time grant the approval created, so it cannot be used again.
      const grant = await this.useGrant(ctx);
      return this.allow(ctx, { action: 'hold', approvalId: approval.id, grantId: grant?.id, reason: `${verdict.reason}; approved` });
    }
    return this.deny(ctx, 403, outcome === 'denied' ? 'approval_denied' : 'approval_timeout', `${verdict.reason}; approval ${outcome}`, {
      action: 'hold',
      approvalId: approval.id,
      body: { status: outcome === 'denied' ? 'denied' : 'hold_expired', approvalId: approval.id },
    });
  }

  private allow(
    ctx: DecisionContext,
    extra: { action?: AuditDecision['action']; dryRun?: boolean; grantId?: string; approvalId?: string; reason?: string },
  ): Decided {
    const decision: AuditDecision = {
      action: extra.action ?? 'allow',
      enforced: 'allow',
      ruleId: ctx.verdict.ruleId,
      reason: extra.reason ?? ctx.verdict.reason,
      dryRun: extra.dryRun ?? false,
      grantId: extra.grantId,
      approvalId: extra.approvalId,
    };
    return {
      decision,
      outcome: {
        kind: 'allow',
        upstreamHeaders: { 'x-wardgate-decision-id': ctx.decisionId },
        removeUpstreamHeaders: [],
        metadata: this.metadata(ctx, decision.action),
      },
    };
  }

  private deny(
    ctx: DecisionContext,
    status: number,
    code: string,
    reason: string,
    extra: { action?: AuditDecision['action']; approvalId?: string; body?: Record<string, unknown> } = {},
  ): Decided {
    const action = extra.action ?? 'deny';
    const decision: AuditDecision = {
      action,
      enforced: action === 'hold' && code === 'held' ? 'hold' : 'deny',
      ruleId: ctx.verdict.ruleId,
      reason,
      dryRun: false,
      approvalId: extra.approvalId,
    };
    return {
      decision,
      outcome: {
        kind: 'deny',
        status,
        headers: { 'x-wardgate-decision-id': ctx.decisionId },
        body: extra.body ?? { status: 'denied', reason: code, rule: ctx.verdict.ruleId, message: reason, requestId: ctx.request.requestId },
        metadata: this.metadata(ctx, action),
      },
    };
  }

  private metadata(ctx: DecisionContext, action: ExchangeMetadata['action']): ExchangeMetadata {
    return {
      decisionId: ctx.decisionId,
      correlationId: ctx.request.requestId,
      ruleId: ctx.verdict.ruleId,
      action,
      maskingProfile: ctx.verdict.maskingProfile,
      maskRequestBody: ctx.verdict.maskRequestBody ?? false,
      user: ctx.subject.user,
      agent: ctx.subject.agent,
      ...(ctx.request.traceId ? { traceId: ctx.request.traceId } : {}),
    };
  }

  private actor(ctx: DecisionContext): AuditEventInput['actor'] {
    return {
      user: ctx.subject.user,
      groups: ctx.identity.user ? [...ctx.identity.user.groups] : undefined,
      agent: ctx.subject.agent,
      sourceAddress: ctx.request.source.address,
    };
  }

  private decisionEvent(ctx: DecisionContext, decision: AuditDecision): AuditEventInput {
    return {
      kind: 'access.decision',
      correlationId: ctx.request.requestId,
      ...(ctx.request.traceId ? { traceId: ctx.request.traceId } : {}),
      actor: this.actor(ctx),
      target: {
        destination: ctx.recordedDestination,
        method: ctx.request.http.method,
        path: ctx.recordedPath,
        command: ctx.recordedCommand,
        commandKinds: ctx.commandKinds,
        commandHash: ctx.commandHash(),
      },
      decision,
      details: ctx.identity.userProblem ? { identityProblem: ctx.identity.userProblem } : undefined,
    };
  }

  /** Authority, path and command as recorded in audit events and approvals: decoded, PHI masked (see RequestRecorder). */
  private recorded(request: AccessRequest, command: Command): { recordedDestination: string; recordedPath: string; recordedCommand: string } {
    const recordedDestination = this.recorder.authority(request.http.authority);
    const recordedPath = this.recorder.path(request.http.path);
    const maskCommand = (text: string): string => this.recorder.command(this.deps.masking.maskText(text, this.deps.settings.recordProfile).output);
    // Every candidate of an ambiguous request is recorded: the backend may have run any of them.
    const texts = command.ambiguity ? command.ambiguity.candidates.flatMap((c) => (c.type === 'rest' ? [] : [c.text])) : undefined;
    if (texts && texts.length > 1) return { recordedDestination, recordedPath, recordedCommand: texts.map(maskCommand).join('\n-- wardgate: next candidate --\n') };
    if (command.type !== 'rest') return { recordedDestination, recordedPath, recordedCommand: maskCommand(command.text) };
    const query = request.http.query ? `?${this.recorder.query(request.http.query)}` : '';
    return { recordedDestination, recordedPath, recordedCommand: `${command.method} ${recordedPath}${query}` };
  }

}

interface DecisionFacts {
  request: AccessRequest;
  identity: ResolvedIdentity;
  command: Command;
  commandKinds: string[];
  verdict: PolicyVerdict;
  subject: { user?: string; agent?: string };
  decisionId: string;
  recordedDestination: string;
  recordedPath: string;
  recordedCommand: string;
}

/** One decision's facts, and the two hashes computed when first asked for (hashing costs time). */
class DecisionContext implements DecisionFacts {
  readonly request: AccessRequest;
  readonly identity: ResolvedIdentity;
  readonly command: Command;
  readonly commandKinds: string[];
  readonly verdict: PolicyVerdict;
  readonly subject: { user?: string; agent?: string };
  readonly decisionId: string;
  readonly recordedDestination: string;
  readonly recordedPath: string;
  readonly recordedCommand: string;
  private fingerprintValue: string | undefined;
  private commandHashValue: string | undefined;

  constructor(facts: DecisionFacts, private readonly hashCommand: (raw: string) => string) {
    this.request = facts.request;
    this.identity = facts.identity;
    this.command = facts.command;
    this.commandKinds = facts.commandKinds;
    this.verdict = facts.verdict;
    this.subject = facts.subject;
    this.decisionId = facts.decisionId;
    this.recordedDestination = facts.recordedDestination;
    this.recordedPath = facts.recordedPath;
    this.recordedCommand = facts.recordedCommand;
  }

  /** What grant lookups and holds bind to; only they need it. */
  fingerprint(): string {
    this.fingerprintValue ??= requestFingerprint(this.request, this.subject);
    return this.fingerprintValue;
  }

  /** Keyed hash of the raw command; exact grants from approvals are bound to it. */
  commandHash(): string {
    this.commandHashValue ??= this.hashCommand(rawCommandText(this.request, this.command));
    return this.commandHashValue;
  }
}

function rawCommandText(request: AccessRequest, command: Command): string {
  if (command.ambiguity) return command.ambiguity.candidates.map((c) => rawCommandText(request, c)).join('\n');
  if (command.type !== 'rest') return command.text;
  return `${command.method} ${request.http.authority}${command.path}${request.http.query ? `?${request.http.query}` : ''}`;
}
