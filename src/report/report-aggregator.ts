import { BoundedCounter, CappedList, NONE_KEY } from './bounded-counter.js';
import type { FreeTextRemasker } from './free-text-remasker.js';
import type { AuditReport, DecisionLabel, ReportGrant, ReportHold, ReportRequest, ReportSession, ReportSessionRef } from './report-model.js';
import { RowSpill } from './row-spill.js';

export interface ReportLimits {
  /** Items kept in each list other than the request and session lists (holds, grants, exceptions). @default 10000 */
  listItems: number;
  /** Distinct keys per breakdown (users, agents, destinations, command kinds). @default 10000 */
  breakdownKeys: number;
  /** Rows of the request and session tables in the HTML (the JSON has them all). @default 5000 */
  htmlRows: number;
  /** Decisions and sessions waiting for their other half (matched by correlation id). @default 100000 */
  openCorrelations: number;
}

export const DEFAULT_REPORT_LIMITS: ReportLimits = { listItems: 10_000, breakdownKeys: 10_000, htmlRows: 5000, openCorrelations: 100_000 };

/** An event delivered more than this after it was sealed went through the spool (or a long queue). */
export const LATE_DELIVERY_MS = 10_000;

export interface AggregatorOptions {
  remasker: FreeTextRemasker;
  limits?: Partial<ReportLimits>;
  /** Grants still active at this time (epoch ms) but past their expiry are reported expired. */
  referenceTime: number;
  /** True when records carry a delivery time (Kafka), so late deliveries can be counted. */
  deliveryTimesKnown: boolean;
}

/** The sections the aggregator fills; `integrity` and `scope` come from the verification. */
export type AggregatedSections = Pick<AuditReport, 'policy' | 'approvals' | 'exceptions'> & {
  access: Omit<AuditReport['access'], 'requests'>;
  masking: Omit<AuditReport['masking'], 'sessionList'>;
  firstEvent?: string;
  lastEvent?: string;
  /** Key ids seen on each chain's checkpoints, in order of first use. */
  chainKeyIds: Map<string, string[]>;
};

type Dict = Record<string, unknown>;
type DayCounts = { day: string } & Record<DecisionLabel, number>;
interface OpenDecision { ref: ReportSessionRef; needsSession: boolean }

/**
 * Builds the report from verified events, one at a time, in bounded memory: counts and capped
 * lists in memory, the complete request and session lists spilled to disk (`requests`,
 * `sessions`). Every free-text field goes through the remasker before it is kept.
 */
export class ReportAggregator {
  readonly requests: RowSpill<ReportRequest>;
  readonly sessions: RowSpill<ReportSession>;
  private readonly limits: ReportLimits;
  private readonly byDecision: Record<DecisionLabel, number> = { allow: 0, deny: 0, hold: 0, dry_run_allow: 0 };
  private readonly byEnforced = { allow: 0, deny: 0, hold: 0 };
  private readonly byUser: BoundedCounter;
  private readonly byAgent: BoundedCounter;
  private readonly byDestination: BoundedCounter;
  private readonly byCommandKind: BoundedCounter;
  private readonly byCategory: BoundedCounter;
  private readonly byDay = new Map<string, DayCounts>();
  private readonly profiles = new Map<string, { sessions: number; maskedValues: number }>();
  private readonly dryRunDays = new Set<string>();
  private dryRun = { decisions: 0, firstAt: undefined as string | undefined, lastAt: undefined as string | undefined };
  private decisions = 0;
  private sessionCount = 0;
  private maskedValues = 0;
  private readonly openDecisions = new Map<string, OpenDecision>();
  private readonly openSessions = new Map<string, ReportSessionRef>();
  private readonly passedUnmasked: CappedList<ReportSessionRef>;
  private readonly blocked: CappedList<ReportSessionRef>;
  private readonly missingSummary: CappedList<ReportSessionRef>;
  private readonly decisionWithoutSession: CappedList<ReportSessionRef>;
  private readonly sessionWithoutDecision: CappedList<ReportSessionRef>;
  private readonly holds = new Map<string, ReportHold>();
  private holdsTotal = 0;
  private readonly untrackedOutcomes = { pending: 0, approved: 0, denied: 0, expired: 0 };
  private readonly grants = new Map<string, ReportGrant>();
  private grantsTotal = 0;
  private readonly policyVersions: CappedList<AuditReport['policy']['versions']['items'][number]>;
  private readonly policyRejected: CappedList<AuditReport['policy']['rejected']['items'][number]>;
  private readonly failOpen: CappedList<AuditReport['exceptions']['failOpen']['items'][number]>;
  private readonly starts: CappedList<AuditReport['exceptions']['starts']['items'][number]>;
  private readonly keyChanges: CappedList<AuditReport['exceptions']['keyChanges']['items'][number]>;
  private readonly chainKeys = new Map<string, { keys: string[]; firstAt: string; last: string }>();
  private late = 0;
  private firstEvent: string | undefined;
  private lastEvent: string | undefined;

  constructor(private readonly options: AggregatorOptions) {
    this.limits = { ...DEFAULT_REPORT_LIMITS, ...options.limits };
    const k = this.limits.breakdownKeys;
    this.byUser = new BoundedCounter(k);
    this.byAgent = new BoundedCounter(k);
    this.byDestination = new BoundedCounter(k);
    this.byCommandKind = new BoundedCounter(k);
    this.byCategory = new BoundedCounter(k);
    const n = this.limits.listItems;
    this.passedUnmasked = new CappedList(n);
    this.blocked = new CappedList(n);
    this.missingSummary = new CappedList(n);
    this.decisionWithoutSession = new CappedList(n);
    this.sessionWithoutDecision = new CappedList(n);
    this.policyVersions = new CappedList(n);
    this.policyRejected = new CappedList(n);
    this.failOpen = new CappedList(n);
    this.starts = new CappedList(n);
    this.keyChanges = new CappedList(n);
    this.requests = new RowSpill(Math.min(this.limits.htmlRows, 10_000));
    this.sessions = new RowSpill(Math.min(this.limits.htmlRows, 10_000));
  }

  /** Adds one verified event; `deliveredAt` is when the transport received it (Kafka's timestamp). */
  add(event: Dict, deliveredAt?: number): void {
    const time = str(event.time) ?? '';
    if (this.firstEvent === undefined || time < this.firstEvent) this.firstEvent = time;
    if (this.lastEvent === undefined || time > this.lastEvent) this.lastEvent = time;
    if (deliveredAt !== undefined && deliveredAt - Date.parse(time) > LATE_DELIVERY_MS) this.late++;
    switch (event.kind) {
      case 'access.decision': return this.addDecision(event, time);
      case 'access.session': return this.addSession(event, time);
      case 'approval.requested': return this.addHoldRequested(event, time);
      case 'approval.approved':
      case 'approval.denied':
      case 'approval.expired': return this.addHoldOutcome(event, time);
      case 'grant.issued': return this.addGrantIssued(event, time);
      case 'grant.used':
      case 'grant.revoked':
      case 'grant.expired': return this.addGrantEvent(event, time);
      case 'policy.loaded': {
        const p = obj(event.policy);
        this.policyVersions.push({ sha256: str(p.sha256) ?? '', ...optional('rules', int(p.rules)), loadedAt: time, chainId: chainIdOf(event) });
        return;
      }
      case 'policy.rejected':
        this.policyRejected.push({ time, chainId: chainIdOf(event), ...optional('error', this.options.remasker.remask(str(obj(event.policy).error))) });
        return;
      case 'service.started':
        this.starts.push({ chainId: chainIdOf(event), startedAt: time });
        return;
      case 'service.stopped': {
        const chainId = chainIdOf(event);
        const start = this.starts.items.find((s) => s.chainId === chainId && s.stoppedAt === undefined);
        if (start !== undefined) start.stoppedAt = time;
        return;
      }
      case 'chain.checkpoint': return this.addCheckpoint(event, time);
      default: return;
    }
  }

  /** The sections, once every event is in; call once. */
  finish(): AggregatedSections {
    for (const open of this.openDecisions.values()) if (open.needsSession) this.decisionWithoutSession.push(open.ref);
    this.openDecisions.clear();
    for (const ref of this.openSessions.values()) this.sessionWithoutDecision.push(ref);
    this.openSessions.clear();
    const holds = [...this.holds.values()];
    const byOutcome = { ...this.untrackedOutcomes };
    for (const h of holds) byOutcome[h.outcome]++;
    const grants = [...this.grants.values()];
    for (const g of grants) {
      if (g.end === 'active' && g.expiresAt !== undefined && Date.parse(g.expiresAt) <= this.options.referenceTime) {
        g.end = 'expired';
        g.endedAt = g.expiresAt;
      }
    }
    const starts = [...this.starts.items].sort((a, b) => cmp(a.startedAt, b.startedAt));
    const latest = starts.at(-1);
    const chainKeyIds = new Map<string, string[]>();
    for (const [chainId, c] of this.chainKeys) chainKeyIds.set(chainId, c.keys);
    this.addKeyChangesAcrossChains();
    const days = [...this.byDay.values()].sort((a, b) => cmp(a.day, b.day));
    return {
      ...(this.firstEvent === undefined ? {} : { firstEvent: this.firstEvent }),
      ...(this.lastEvent === undefined ? {} : { lastEvent: this.lastEvent }),
      chainKeyIds,
      policy: {
        versions: this.policyVersions.toJSON(),
        rejected: this.policyRejected.toJSON(),
        dryRun: { decisions: this.dryRun.decisions, ...optional('firstAt', this.dryRun.firstAt), ...optional('lastAt', this.dryRun.lastAt), days: [...this.dryRunDays].sort() },
      },
      access: {
        total: this.decisions,
        byDecision: { ...this.byDecision },
        byEnforced: { ...this.byEnforced },
        byUser: this.byUser.entries(),
        byAgent: this.byAgent.entries(),
        byDestination: this.byDestination.entries(),
        byCommandKind: this.byCommandKind.entries(),
        byDay: days,
        otherKeys: this.byUser.other + this.byAgent.other + this.byDestination.other + this.byCommandKind.other,
      },
      masking: {
        sessions: this.sessionCount,
        maskedValues: this.maskedValues,
        byCategory: this.byCategory.entries(),
        byProfile: [...this.profiles].map(([profile, p]) => ({ profile, ...p })).sort((a, b) => cmp(a.profile, b.profile)),
        exceptions: {
          passedUnmasked: this.passedUnmasked.toJSON(),
          blocked: this.blocked.toJSON(),
          missingSummary: this.missingSummary.toJSON(),
          decisionWithoutSession: this.decisionWithoutSession.toJSON(),
          sessionWithoutDecision: this.sessionWithoutDecision.toJSON(),
        },
      },
      approvals: {
        holds: { total: this.holdsTotal, items: holds.sort((a, b) => cmp(a.requestedAt, b.requestedAt)) },
        byOutcome,
        expiredUnanswered: byOutcome.expired,
        grants: { total: this.grantsTotal, items: grants.sort((a, b) => cmp(a.issuedAt, b.issuedAt)) },
        directGrants: grants.filter((g) => g.source === 'admin').length,
      },
      exceptions: {
        failOpen: this.failOpen.toJSON(),
        lateDelivered: { count: this.late, thresholdMs: LATE_DELIVERY_MS, known: this.options.deliveryTimesKnown },
        starts: { total: this.starts.total, items: starts },
        restarts: Math.max(0, this.starts.total - 1),
        uncleanStops: starts.filter((s) => s !== latest && s.stoppedAt === undefined).length,
        keyChanges: { total: this.keyChanges.total, items: [...this.keyChanges.items].sort((a, b) => cmp(a.time, b.time)) },
      },
    };
  }

  /** Removes the spilled rows' temporary files. */
  dispose(): void {
    this.requests.dispose();
    this.sessions.dispose();
  }

  private addDecision(event: Dict, time: string): void {
    const decision = obj(event.decision);
    const actor = obj(event.actor);
    const target = obj(event.target);
    const action = decisionValue(decision.action);
    const enforced = decisionValue(decision.enforced);
    if (action === undefined || enforced === undefined) return;
    const dryRun = decision.dryRun === true;
    const label: DecisionLabel = dryRun && action !== 'allow' ? 'dry_run_allow' : action;
    const user = str(actor.user);
    const agent = str(actor.agent);
    const destination = str(target.destination);
    const kinds = strings(target.commandKinds);
    const ruleId = str(decision.ruleId) ?? '';
    const correlationId = str(event.correlationId);
    this.decisions++;
    this.byDecision[label]++;
    this.byEnforced[enforced]++;
    this.byUser.add(user ?? NONE_KEY);
    this.byAgent.add(agent ?? NONE_KEY);
    this.byDestination.add(destination ?? NONE_KEY);
    if (kinds.length === 0) this.byCommandKind.add(NONE_KEY);
    for (const kind of kinds) this.byCommandKind.add(kind);
    const day = time.slice(0, 10);
    let counts = this.byDay.get(day);
    if (counts === undefined) {
      counts = { day, allow: 0, deny: 0, hold: 0, dry_run_allow: 0 };
      this.byDay.set(day, counts);
    }
    counts[label]++;
    if (dryRun) {
      this.dryRun.decisions++;
      this.dryRun.firstAt ??= time;
      this.dryRun.lastAt = time;
      this.dryRunDays.add(day);
    }
    const reason = str(decision.reason) ?? '';
    if (enforced === 'allow' && reason.includes('failing open')) {
      this.failOpen.push({ time, ...optional('correlationId', correlationId), ruleId, reason: this.options.remasker.remask(reason) });
    }
    this.requests.push({
      time,
      ...optional('user', user),
      ...optional('agent', agent),
      ...optional('destination', destination),
      ...optional('method', str(target.method)),
      ...optional('path', this.options.remasker.remask(str(target.path))),
      commandKinds: kinds,
      decision: label,
      enforced,
      ruleId,
      ...optional('grantId', str(decision.grantId)),
      ...optional('approvalId', str(decision.approvalId)),
      ...optional('correlationId', correlationId),
    });
    const ref: ReportSessionRef = { time, ...optional('correlationId', correlationId), ...optional('user', user), ...optional('agent', agent), ruleId };
    const needsSession = enforced === 'allow';
    if (correlationId === undefined) {
      if (needsSession) this.decisionWithoutSession.push(ref);
      return;
    }
    if (this.openSessions.delete(correlationId)) return;
    this.remember(this.openDecisions, correlationId, { ref, needsSession }, (evicted) => {
      if (evicted.needsSession) this.decisionWithoutSession.push(evicted.ref);
    });
  }

  private addSession(event: Dict, time: string): void {
    const session = obj(event.session);
    const actor = obj(event.actor);
    const details = obj(event.details);
    const correlationId = str(event.correlationId);
    const profile = str(session.maskingProfile);
    const masking = typeof session.masking === 'object' && session.masking !== null ? obj(session.masking) : undefined;
    const categories: Record<string, number> = {};
    for (const [category, n] of Object.entries(obj(masking?.categories))) {
      const value = int(n);
      if (value === undefined || value <= 0) continue;
      categories[category] = value;
      this.byCategory.add(category, value);
    }
    const masked = int(masking?.total) ?? 0;
    const blocked = str(session.blocked);
    const ruleId = str(details.ruleId) || undefined;
    this.sessionCount++;
    this.maskedValues += masked;
    const profileKey = profile ?? NONE_KEY;
    const p = this.profiles.get(profileKey) ?? { sessions: 0, maskedValues: 0 };
    p.sessions++;
    p.maskedValues += masked;
    if (!this.profiles.has(profileKey) && this.profiles.size < this.limits.breakdownKeys) this.profiles.set(profileKey, p);
    this.sessions.push({
      time,
      ...optional('correlationId', correlationId),
      ...optional('user', str(actor.user)),
      ...optional('agent', str(actor.agent)),
      ...optional('ruleId', ruleId),
      ...optional('status', int(session.status)),
      ...optional('maskingProfile', profile),
      masked,
      categories,
      ...optional('blocked', blocked),
    });
    const ref: ReportSessionRef = {
      time,
      ...optional('correlationId', correlationId),
      ...optional('user', str(actor.user)),
      ...optional('agent', str(actor.agent)),
      ...optional('ruleId', ruleId),
      ...optional('maskingProfile', profile),
    };
    if (blocked !== undefined) this.blocked.push({ ...ref, reason: this.options.remasker.remask(blocked) });
    else if (profile === 'none') this.passedUnmasked.push(ref);
    else if (masking === undefined) this.missingSummary.push(ref);
    if (correlationId === undefined) {
      this.sessionWithoutDecision.push(ref);
      return;
    }
    if (this.openDecisions.delete(correlationId)) return;
    this.remember(this.openSessions, correlationId, ref, (evicted) => this.sessionWithoutDecision.push(evicted));
  }

  private addHoldRequested(event: Dict, time: string): void {
    const approval = obj(event.approval);
    const id = str(approval.id);
    if (id === undefined) return;
    this.holdsTotal++;
    if (this.holds.size >= this.limits.listItems) {
      this.untrackedOutcomes.pending++;
      return;
    }
    const actor = obj(event.actor);
    const target = obj(event.target);
    this.holds.set(id, {
      approvalId: id,
      requestedAt: time,
      ...optional('user', str(actor.user)),
      ...optional('agent', str(actor.agent)),
      ...optional('destination', str(target.destination)),
      ...optional('method', str(target.method)),
      ...optional('command', this.options.remasker.remask(str(target.command))),
      commandKinds: strings(target.commandKinds),
      ...optional('ruleId', str(obj(event.details).ruleId)),
      outcome: 'pending',
    });
  }

  private addHoldOutcome(event: Dict, time: string): void {
    const approval = obj(event.approval);
    const id = str(approval.id);
    const outcome = event.kind === 'approval.approved' ? 'approved' : event.kind === 'approval.denied' ? 'denied' : 'expired';
    const hold = id === undefined ? undefined : this.holds.get(id);
    if (hold === undefined) {
      this.untrackedOutcomes[outcome]++;
      return;
    }
    hold.outcome = outcome;
    hold.decidedAt = time;
    const ms = Date.parse(time) - Date.parse(hold.requestedAt);
    if (outcome !== 'expired') {
      const approver = str(approval.approver) ?? str(obj(event.actor).user);
      if (approver !== undefined) hold.decidedBy = approver;
      const comment = this.options.remasker.remask(str(approval.comment));
      if (comment !== undefined) hold.comment = comment;
      hold.timeToDecisionMs = ms;
    }
  }

  private addGrantIssued(event: Dict, time: string): void {
    const g = obj(event.grant);
    const id = str(g.id);
    if (id === undefined) return;
    this.grantsTotal++;
    if (this.grants.size >= this.limits.listItems) return;
    const actor = obj(event.actor);
    const target = obj(event.target);
    const approvalId = str(obj(event.approval).id);
    const admin = obj(event.details).source === 'admin-api';
    const expiresAt = int(g.expiresAt);
    const approvedBy = strings(g.approvedBy);
    const issuedBy = approvedBy.length > 0 ? approvedBy : admin && str(actor.user) !== undefined ? [str(actor.user)!] : [];
    const grant: ReportGrant = {
      id,
      issuedAt: time,
      issuedBy,
      source: admin ? 'admin' : 'approval',
      ...optional('approvalId', approvalId),
      ...optional('subjectUser', str(g.subjectUser)),
      ...optional('subjectAgent', str(g.subjectAgent)),
      ...(admin ? {} : { scope: { ...optional('destination', str(target.destination)), ...optional('method', str(target.method)), commandKinds: strings(target.commandKinds) } }),
      ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString(), ttlMs: expiresAt - Date.parse(time) }),
      ...optional('usesAtIssue', int(g.usesLeft)),
      useCount: 0,
      uses: [],
      end: 'active',
    };
    this.grants.set(id, grant);
    const hold = approvalId === undefined ? undefined : this.holds.get(approvalId);
    if (hold !== undefined) hold.grantId = id;
  }

  private addGrantEvent(event: Dict, time: string): void {
    const g = obj(event.grant);
    const grant = this.grants.get(str(g.id) ?? '');
    if (grant === undefined) return;
    if (event.kind === 'grant.used') {
      grant.useCount++;
      if (grant.uses.length < this.limits.listItems) grant.uses.push(time);
      if (int(g.usesLeft) === 0) this.endGrant(grant, 'used_up', time);
    } else {
      this.endGrant(grant, event.kind === 'grant.revoked' ? 'revoked' : 'expired', time);
    }
  }

  private endGrant(grant: ReportGrant, end: ReportGrant['end'], time: string): void {
    if (grant.end !== 'active') return;
    grant.end = end;
    grant.endedAt = time;
  }

  private addCheckpoint(event: Dict, time: string): void {
    const keyId = str(obj(event.checkpoint).keyId);
    if (keyId === undefined) return;
    const chainId = chainIdOf(event);
    const c = this.chainKeys.get(chainId);
    if (c === undefined) {
      this.chainKeys.set(chainId, { keys: [keyId], firstAt: time, last: keyId });
      return;
    }
    if (c.last !== keyId) this.keyChanges.push({ time, chainId, fromKeyId: c.last, toKeyId: keyId });
    if (!c.keys.includes(keyId)) c.keys.push(keyId);
    c.last = keyId;
  }

  /** A chain (a process) that signs with another key than the chain before it changed the key. */
  private addKeyChangesAcrossChains(): void {
    const chains = [...this.chainKeys].sort((a, b) => cmp(a[1].firstAt, b[1].firstAt));
    for (let i = 1; i < chains.length; i++) {
      const [, before] = chains[i - 1]!;
      const [chainId, after] = chains[i]!;
      if (before.last !== after.keys[0]) this.keyChanges.push({ time: after.firstAt, chainId, fromKeyId: before.last, toKeyId: after.keys[0]! });
    }
  }

  private remember<V>(map: Map<string, V>, key: string, value: V, onEvict: (value: V) => void): void {
    if (map.size >= this.limits.openCorrelations) {
      const oldest = map.keys().next().value!;
      onEvict(map.get(oldest)!);
      map.delete(oldest);
    }
    map.set(key, value);
  }
}

function obj(value: unknown): Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Dict) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function decisionValue(value: unknown): 'allow' | 'deny' | 'hold' | undefined {
  return value === 'allow' || value === 'deny' || value === 'hold' ? value : undefined;
}

function chainIdOf(event: Dict): string {
  return str(obj(event.chain).id) ?? '';
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
