import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { commandKinds } from '../command/command.js';
import { canonicalPathPattern } from '../http/request-path.js';
import { createEvalContext, type EvalContext } from './eval-context.js';
import { compileGlob, type Glob } from './glob.js';
import {
  AgentMatcher, AndMatcher, AuthenticatedMatcher, CommandMatcher, DestinationMatcher, FieldMatcher, FunctionMatcher, GroupMatcher,
  MethodMatcher, NotMatcher, OrMatcher, PathMatcher, TableMatcher, TimeWindowMatcher, UserMatcher, type Matcher,
} from './matchers.js';
import { formatIssues, policySchema, weekdays, type HoldInput, type MatchInput, type PolicyDocument, type RuleInput } from './policy-schema.js';
import type { CompiledPolicy, EvaluateOptions, HoldSettings, PolicyAction, PolicyInput, PolicyVerdict } from './policy-types.js';
import { LocalClock, parseClockTime } from './time-window.js';

export interface CompilePolicyOptions {
  /** Masking profiles the masking engine knows; unknown names are rejected. Not checked when absent. */
  knownMaskingProfiles?: readonly string[];
  /** The file text, so that `sha256` is the file's hash (what operators can check with sha256sum). */
  sourceText?: string;
  /** The masking profile meaning "route carries no PHI": unknown SQL functions count only elsewhere. @default 'none' */
  passthroughProfile?: string;
}

const holdDefaults = { mode: 'wait', approvalsRequired: 1, approvalValidityMs: 30 * 60_000, pendingTtlMs: 15 * 60_000, waitTimeoutMs: 60_000 } as const;

/** What a decision from one rule (or the default) looks like, built once at compile time. */
interface Outcome {
  ruleId: string;
  action: PolicyAction;
  reason: string;
  deny?: { status: number; message: string };
  hold?: HoldSettings;
  requireGrant?: { otherwise: 'hold' | 'deny' };
  maskingProfile: string;
  maskRequestBody: boolean;
  denyCode?: 'unclassifiable_command' | 'ambiguous_command';
}

/** How an outcome treats commands Wardgate cannot read for certain. */
interface Reading {
  onUnclassifiable: 'deny' | 'apply';
  onAmbiguous: 'deny' | 'strictest';
  /** The outcome's masking profile is not the passthrough one: unknown functions make the command unclassifiable. */
  phiRoute: boolean;
  /** Function matchers among the rule's conditions: functions they name are known to the rule. */
  functionMatchers: readonly FunctionMatcher[];
  unclassifiableOutcome: Outcome;
  ambiguousOutcome: Outcome;
  unclassifiableTrace: string;
}

interface CompiledRule {
  outcome: Outcome;
  dryRun: boolean;
  /** The rule's top-level conditions (ANDed), kept apart to name the one that failed in the trace. */
  conditions: readonly Matcher[];
  skipTraces: readonly string[];
  matchTrace: string;
  shadowTrace: string;
  tree: Matcher;
  reading: Reading;
}

/**
 * Validates a parsed policy document and compiles it into a rule tree. Throws WardgateError
 * (InvalidArgument) listing every problem with its field path in `details.problems`.
 */
export function compilePolicy(document: unknown, options: CompilePolicyOptions = {}): CompiledPolicy {
  const parsed = policySchema.safeParse(document);
  if (!parsed.success) throw invalidPolicy(formatIssues(parsed.error.issues));
  const policy = parsed.data;
  const problems: string[] = [];
  const known = options.knownMaskingProfiles === undefined ? undefined : new Set(options.knownMaskingProfiles);
  const checkProfile = (profile: string | undefined, path: string): void => {
    if (profile !== undefined && known !== undefined && !known.has(profile)) {
      problems.push(`${path}: unknown masking profile ${JSON.stringify(profile)} (known: ${[...known].join(', ')})`);
    }
  };
  checkProfile(policy.defaults.maskingProfile, 'defaults.maskingProfile');

  const passthrough = options.passthroughProfile ?? 'none';
  const defaultOutcome = buildOutcome('default', policy.defaults.action, undefined, policy, 'defaults', problems);
  const defaultReading = buildReading(defaultOutcome, policy.defaults.onUnclassifiable, policy.defaults.onAmbiguous, [], passthrough, policy);
  const ids = new Map<string, number>();
  const rules: CompiledRule[] = [];
  policy.rules.forEach((rule, index) => {
    const path = `rules[${index}]`;
    const previous = ids.get(rule.id);
    if (previous !== undefined) problems.push(`${path}.id: duplicate rule id ${JSON.stringify(rule.id)} (also rules[${previous}])`);
    ids.set(rule.id, index);
    checkProfile(rule.maskingProfile, `${path}.maskingProfile`);
    // Lists of commands/tables/fields default to `all` on allow rules (every one must be allowed)
    // and `any` on the others (one listed item is enough to deny, hold or require a grant).
    const listMode: ListMode = rule.action === 'allow' ? 'all' : 'any';
    const conditions = compileMatch(rule.match ?? {}, `${path}.match`, problems, listMode);
    const outcome = buildOutcome(rule.id, rule.action, rule, policy, path, problems);
    const tree = new AndMatcher(conditions);
    rules.push({
      outcome,
      dryRun: rule.dryRun ?? false,
      conditions,
      skipTraces: conditions.map((c) => `rule ${rule.id}: skipped, ${String(c)} did not match`),
      matchTrace: `rule ${rule.id}: matched -> ${rule.action}`,
      shadowTrace: `rule ${rule.id}: matched in dry-run -> ${rule.action} (not enforced; evaluation continues)`,
      tree,
      reading: buildReading(
        outcome,
        rule.onUnclassifiable ?? policy.defaults.onUnclassifiable,
        rule.onAmbiguous ?? policy.defaults.onAmbiguous,
        conditions.filter((c): c is FunctionMatcher => c instanceof FunctionMatcher),
        passthrough,
        policy,
      ),
    });
  });
  if (problems.length > 0) throw invalidPolicy(problems);

  const sha256 = createHash('sha256')
    .update(options.sourceText ?? canonicalJson(document))
    .digest('hex');
  return new RuleTreePolicy(rules, { outcome: defaultOutcome, reading: defaultReading }, policy.defaults.dryRun, sha256);
}

function buildReading(
  outcome: Outcome,
  onUnclassifiable: 'deny' | 'apply',
  onAmbiguous: 'deny' | 'strictest',
  functionMatchers: readonly FunctionMatcher[],
  passthrough: string,
  policy: PolicyDocument,
): Reading {
  const base = { ruleId: outcome.ruleId, action: 'deny' as const, maskingProfile: outcome.maskingProfile, maskRequestBody: false };
  const label = outcome.ruleId === 'default' ? 'default' : `rule ${outcome.ruleId}`;
  return {
    onUnclassifiable,
    onAmbiguous,
    phiRoute: outcome.maskingProfile !== passthrough,
    functionMatchers,
    unclassifiableOutcome: Object.freeze({
      ...base,
      reason: `${label}: the SQL cannot be classified (SQL in a string or functions Wardgate does not know)`,
      deny: Object.freeze({ status: policy.defaults.status, message: 'Wardgate cannot tell what this SQL would run, so it is denied' }),
      denyCode: 'unclassifiable_command' as const,
    }),
    ambiguousOutcome: Object.freeze({
      ...base,
      reason: `${label}: the request carries more than one command`,
      deny: Object.freeze({ status: policy.defaults.status, message: 'The request carries more than one command; send exactly one' }),
      denyCode: 'ambiguous_command' as const,
    }),
    unclassifiableTrace: `${label}: matched, but the command is unclassifiable -> deny (onUnclassifiable: deny)`,
  };
}

function invalidPolicy(problems: string[]): WardgateError {
  const summary = problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`;
  return new WardgateError(ErrorCode.InvalidArgument, `invalid policy: ${summary}`, { details: { problems } });
}

function buildOutcome(
  ruleId: string,
  action: PolicyAction,
  rule: RuleInput | undefined,
  policy: PolicyDocument,
  path: string,
  problems: string[],
): Outcome {
  const defaults = policy.defaults;
  const outcome: Outcome = {
    ruleId,
    action,
    reason: rule === undefined ? `no rule matched: default ${action}` : `rule ${rule.id}: ${describeMatch(rule.match ?? {})}`,
    maskingProfile: rule?.maskingProfile ?? defaults.maskingProfile,
    maskRequestBody: rule?.maskRequestBody ?? false,
  };
  const otherwise = action === 'require_grant' ? (rule?.requireGrant?.otherwise ?? 'deny') : undefined;
  const needsHold = action === 'hold' || otherwise === 'hold';
  const needsDeny = action === 'deny' || otherwise === 'deny';
  if (rule?.hold !== undefined && !needsHold) problems.push(`${path}.hold: only valid with action hold, or require_grant with otherwise: hold`);
  if (rule?.deny !== undefined && !needsDeny) problems.push(`${path}.deny: only valid with action deny, or require_grant with otherwise: deny`);
  if (rule?.requireGrant !== undefined && action !== 'require_grant') problems.push(`${path}.requireGrant: only valid with action require_grant`);
  if (otherwise !== undefined) outcome.requireGrant = Object.freeze({ otherwise });
  if (needsDeny) {
    outcome.deny = Object.freeze({ status: rule?.deny?.status ?? defaults.status, message: rule?.deny?.message ?? defaults.message });
  }
  if (needsHold) {
    const hold = resolveHold(defaults.hold, rule?.hold);
    const holdPath = rule === undefined ? 'defaults.hold' : `${path}.hold`;
    if (hold.approverGroups.length === 0) problems.push(`${holdPath}.approverGroups: required when the action can hold (set it here or in defaults.hold)`);
    if (hold.waitTimeoutMs > hold.pendingTtlMs) problems.push(`${holdPath}.waitTimeout: longer than pendingTtl, so a waiting request would outlive its approval request`);
    outcome.hold = hold;
  }
  return outcome;
}

function resolveHold(defaults: HoldInput | undefined, rule: HoldInput | undefined): HoldSettings {
  return Object.freeze({
    mode: rule?.mode ?? defaults?.mode ?? holdDefaults.mode,
    approverGroups: Object.freeze([...(rule?.approverGroups ?? defaults?.approverGroups ?? [])]) as string[],
    approvalsRequired: rule?.approvalsRequired ?? defaults?.approvalsRequired ?? holdDefaults.approvalsRequired,
    approvalValidityMs: rule?.approvalValidity ?? defaults?.approvalValidity ?? holdDefaults.approvalValidityMs,
    pendingTtlMs: rule?.pendingTtl ?? defaults?.pendingTtl ?? holdDefaults.pendingTtlMs,
    waitTimeoutMs: rule?.waitTimeout ?? defaults?.waitTimeout ?? holdDefaults.waitTimeoutMs,
  });
}

/** The conditions of one `match` block, ANDed by the caller. */
type ListMode = 'any' | 'all';

function compileMatch(match: MatchInput, path: string, problems: string[], listMode: ListMode): Matcher[] {
  const conditions: Matcher[] = [];
  const globs = (patterns: readonly string[], field: string, separator: string | undefined, caseInsensitive: boolean): Glob[] =>
    patterns.map((pattern, i) => {
      if (/\*{3,}/.test(pattern)) problems.push(`${path}.${field}[${i}]: invalid glob ${JSON.stringify(pattern)}: use * or **`);
      return compileGlob(pattern, { separator, caseInsensitive });
    });
  if (match.destinations) {
    const hosts = match.destinations.map((d) => stripHostPort(d.toLowerCase()));
    conditions.push(new DestinationMatcher(globs(hosts, 'destinations', undefined, true)));
  }
  if (match.methods) conditions.push(new MethodMatcher(match.methods));
  if (match.paths) conditions.push(new PathMatcher(globs(match.paths.map(canonicalPathPattern), 'paths', '/', false)));
  if (match.commands) conditions.push(new CommandMatcher(globs(match.commands, 'commands', undefined, false), match.commandsMatch ?? listMode));
  else if (match.commandsMatch) problems.push(`${path}.commandsMatch: only valid with commands`);
  if (match.tables) {
    const patterns = match.tables.map((t) => t.toLowerCase());
    conditions.push(new TableMatcher(globs(patterns, 'tables', '.', true), match.tablesMatch ?? listMode, patterns.map((p) => !p.includes('.') && !p.includes('**'))));
  } else if (match.tablesMatch) problems.push(`${path}.tablesMatch: only valid with tables`);
  if (match.functions) {
    const patterns = match.functions.map((f) => f.toLowerCase());
    conditions.push(new FunctionMatcher(globs(patterns, 'functions', '.', true), match.functionsMatch ?? listMode, patterns.map((p) => !p.includes('.') && !p.includes('**'))));
  } else if (match.functionsMatch) problems.push(`${path}.functionsMatch: only valid with functions`);
  if (match.fields) conditions.push(new FieldMatcher(globs(match.fields, 'fields', undefined, false), match.fieldsMatch ?? listMode));
  else if (match.fieldsMatch) problems.push(`${path}.fieldsMatch: only valid with fields`);
  if (match.agents) conditions.push(new AgentMatcher(globs(match.agents, 'agents', '/', false)));
  if (match.users) conditions.push(new UserMatcher(globs(match.users, 'users', '/', false)));
  if (match.groups) conditions.push(new GroupMatcher(match.groups));
  if (match.authenticated !== undefined) conditions.push(new AuthenticatedMatcher(match.authenticated));
  if (match.timeWindow) {
    const window = match.timeWindow;
    const days = window.days ?? [...weekdays];
    let mask = 0;
    for (const day of days) mask |= 1 << weekdays.indexOf(day);
    const from = parseClockTime(window.from);
    const to = parseClockTime(window.to);
    if (from === to) problems.push(`${path}.timeWindow: from and to are equal, so the window is empty`);
    const label = `${days.join(',')} ${window.from}-${window.to} ${window.timezone}`;
    conditions.push(new TimeWindowMatcher(new LocalClock(window.timezone), mask, from, to, label));
  }
  if (match.all) {
    match.all.forEach((inner, i) => conditions.push(new AndMatcher(compileMatch(inner, `${path}.all[${i}]`, problems, listMode))));
  }
  if (match.any) {
    conditions.push(new OrMatcher(match.any.map((inner, i) => new AndMatcher(compileMatch(inner, `${path}.any[${i}]`, problems, listMode)))));
  }
  if (match.not) conditions.push(new NotMatcher(new AndMatcher(compileMatch(match.not, `${path}.not`, problems, listMode))));
  return conditions;
}

/** As `canonicalHost` reads the request's authority: no port, no DNS root dot. */
function stripHostPort(pattern: string): string {
  return pattern.replace(/:(\d+|\*)$/, '').replace(/(?<=.)\.+$/, '');
}

/** "GET /Patient/** by group clinicians": the rule's own words, never the request's. */
function describeMatch(match: MatchInput): string {
  const parts: string[] = [];
  if (match.methods) parts.push(match.methods.join('|'));
  if (match.paths) parts.push(match.paths.join(' '));
  if (match.commands) parts.push(match.commands.join('|'));
  if (match.tables) parts.push(`on ${match.tables.join(', ')}`);
  if (match.functions) parts.push(`calling ${match.functions.join(', ')}`);
  if (match.fields) parts.push(`fields ${match.fields.join(', ')}`);
  if (match.destinations) parts.push(`to ${match.destinations.join(', ')}`);
  if (match.agents) parts.push(`from agent ${match.agents.join(', ')}`);
  if (match.groups) parts.push(`by group${match.groups.length > 1 ? 's' : ''} ${match.groups.join(', ')}`);
  if (match.users) parts.push(`by user ${match.users.join(', ')}`);
  if (match.authenticated !== undefined) parts.push(match.authenticated ? 'authenticated' : 'unauthenticated');
  if (match.timeWindow) parts.push(`during ${match.timeWindow.from}-${match.timeWindow.to} ${match.timeWindow.timezone}`);
  if (match.any || match.all || match.not) parts.push('with combined conditions');
  return parts.length === 0 ? 'any request' : parts.join(' ');
}

/** The decision of one reading of the request, with what decided it. */
interface Decision {
  verdict: PolicyVerdict;
  reading: Reading;
}

/** Higher is more restrictive: the strictest candidate of an ambiguous request decides. */
const restriction: Readonly<Record<PolicyAction, number>> = { allow: 0, require_grant: 1, hold: 2, deny: 3 };

class RuleTreePolicy implements CompiledPolicy {
  readonly ruleCount: number;
  readonly ruleIds: readonly string[];

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly fallback: { outcome: Outcome; reading: Reading },
    readonly dryRun: boolean,
    readonly sha256: string,
  ) {
    this.ruleCount = rules.length;
    this.ruleIds = Object.freeze(rules.map((r) => r.outcome.ruleId));
  }

  evaluate(input: PolicyInput, options?: EvaluateOptions): PolicyVerdict {
    const ambiguity = input.command.ambiguity;
    if (ambiguity === undefined) return this.decide(input, options?.trace ?? true).verdict;
    // Several commands: each is judged alone; any decider that does not opt in denies the request.
    let strictest: PolicyVerdict | undefined;
    const trace: string[] = [];
    for (const [index, candidate] of ambiguity.candidates.entries()) {
      const { verdict, reading } = this.decide({ ...input, command: candidate, commandKinds: commandKinds(candidate) }, options?.trace ?? true);
      for (const line of verdict.trace) trace.push(`candidate ${index + 1}: ${line}`);
      if (reading.onAmbiguous === 'deny') {
        trace.push(`candidate ${index + 1}: ambiguous request (${ambiguity.reason}) -> deny (onAmbiguous: deny)`);
        return toVerdict(reading.ambiguousOutcome, this.dryRun, trace);
      }
      if (strictest === undefined || restriction[verdict.action] > restriction[strictest.action]) strictest = verdict;
    }
    return { ...strictest!, trace };
  }

  private decide(input: PolicyInput, tracing: boolean): Decision {
    const ctx = createEvalContext(input);
    const trace: string[] = [];
    let shadow: CompiledRule | undefined;
    for (const rule of this.rules) {
      const failed = firstFailing(rule.conditions, ctx);
      if (failed !== -1) {
        if (tracing) trace.push(rule.skipTraces[failed]!);
        continue;
      }
      if (rule.dryRun && !this.dryRun) {
        // A shadow rule must never change enforcement: note it, and let the rules after it decide.
        if (tracing) trace.push(rule.shadowTrace);
        shadow ??= rule;
        continue;
      }
      if (tracing) trace.push(rule.matchTrace);
      return { verdict: this.verdict(this.read(rule.outcome, rule.reading, ctx, trace, tracing), shadow, trace), reading: rule.reading };
    }
    if (tracing) trace.push(this.fallback.outcome.reason);
    return { verdict: this.verdict(this.read(this.fallback.outcome, this.fallback.reading, ctx, trace, tracing), shadow, trace), reading: this.fallback.reading };
  }

  /** The outcome, or a denial when it would let through a command Wardgate cannot classify. */
  private read(outcome: Outcome, reading: Reading, ctx: EvalContext, trace: string[], tracing: boolean): Outcome {
    // A rule's own denial keeps its message; the default's says why Wardgate could not read the command.
    if ((outcome.action === 'deny' && outcome.ruleId !== 'default') || reading.onUnclassifiable === 'apply') return outcome;
    if (!unclassifiable(ctx, reading)) return outcome;
    if (tracing) trace.push(reading.unclassifiableTrace);
    return reading.unclassifiableOutcome;
  }

  private verdict(enforced: Outcome, shadow: CompiledRule | undefined, trace: string[]): PolicyVerdict {
    if (shadow !== undefined && enforced.action === 'allow') return toVerdict(shadow.outcome, true, trace);
    const verdict = toVerdict(enforced, this.dryRun, trace);
    if (shadow !== undefined) verdict.shadow = { ruleId: shadow.outcome.ruleId, action: shadow.outcome.action, reason: shadow.outcome.reason };
    return verdict;
  }

  toString(): string {
    const d = this.fallback.outcome;
    const lines = [`policy sha256=${this.sha256.slice(0, 12)} rules=${this.ruleCount} default=${describeOutcome(d)}${this.dryRun ? ' dryRun' : ''}`];
    for (const rule of this.rules) {
      lines.push(`rule ${rule.outcome.ruleId} -> ${describeOutcome(rule.outcome)}${rule.dryRun ? ' dryRun' : ''}`);
      lines.push(`  ${String(rule.tree)}`);
    }
    return lines.join('\n');
  }
}

/** SQL in a string or an obfuscated name always; functions nobody knows on a PHI route. */
function unclassifiable(ctx: EvalContext, reading: Reading): boolean {
  if (ctx.unclassifiable.length > 0) return true;
  if (!reading.phiRoute) return false;
  for (const name of ctx.unknownFunctions) {
    if (!reading.functionMatchers.some((m) => m.covers(name))) return true;
  }
  return false;
}

function firstFailing(conditions: readonly Matcher[], ctx: EvalContext): number {
  for (let i = 0; i < conditions.length; i += 1) if (!conditions[i]!.apply(ctx)) return i;
  return -1;
}

function toVerdict(outcome: Outcome, dryRun: boolean, trace: string[]): PolicyVerdict {
  const verdict: PolicyVerdict = { action: outcome.action, ruleId: outcome.ruleId, reason: outcome.reason, trace, dryRun, maskingProfile: outcome.maskingProfile };
  if (outcome.maskRequestBody) verdict.maskRequestBody = true;
  if (outcome.deny) verdict.deny = outcome.deny;
  if (outcome.denyCode) verdict.denyCode = outcome.denyCode;
  if (outcome.hold) verdict.hold = outcome.hold;
  if (outcome.requireGrant) verdict.requireGrant = outcome.requireGrant;
  return verdict;
}

function describeOutcome(outcome: Outcome): string {
  const hold = outcome.hold ? `(${outcome.hold.mode}, approvers ${outcome.hold.approverGroups.join('|')} x${outcome.hold.approvalsRequired})` : '';
  const deny = outcome.deny ? `(${outcome.deny.status})` : '';
  let text: string;
  if (outcome.action === 'deny') text = `deny${deny}`;
  else if (outcome.action === 'hold') text = `hold${hold}`;
  else if (outcome.requireGrant) text = `require_grant otherwise ${outcome.requireGrant.otherwise}${outcome.requireGrant.otherwise === 'hold' ? hold : deny}`;
  else text = outcome.action;
  return `${text} masking=${outcome.maskingProfile}`;
}
