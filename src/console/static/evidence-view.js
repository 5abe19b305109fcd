// @ts-check
// The Evidence page: the sections of `wardgate audit report` (the report's JSON is the data, the
// same document `--format json` writes), and one session's events in order (by correlation id, or
// an agent's runs newest first).
import { el, table } from './dom.js';

/** @param {string} label @param {string | number} value @param {string} figure @param {string} [tone] */
function figure(label, value, figure, tone = '') {
  return el('div', { class: `fig ${tone}`, 'data-figure': figure }, el('span', { class: 'n' }, String(value)), label);
}

const t = (/** @type {string | undefined} */ s) => (s === undefined ? '' : s.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
const s = (/** @type {unknown} */ v) => (v === undefined || v === null ? '' : String(v));
const code = (/** @type {unknown} */ v) => el('code', {}, s(v));
/** @param {Array<{ key: string, count: number }>} list @param {string} title */
const breakdown = (title, list) => table(title, ['', 'decisions'], list.slice(0, 50).map((e) => [e.key, String(e.count)]));

/** @param {HTMLElement} out @param {any} r the audit report document */
export function renderReport(out, r) {
  const ig = r.integrity;
  out.append(el('p', { class: 'muted' }, `Period ${t(r.scope.from ?? r.scope.firstEvent)} to ${t(r.scope.to ?? r.scope.lastEvent)} · generated ${t(r.generatedAt)} · report format ${r.reportVersion} · sources: ${r.scope.sources.join(', ')}`));
  out.append(el('p', { class: ig.ok ? 'flash' : 'flash error', id: 'chain-status', 'data-chain-ok': String(ig.ok) },
    ig.ok ? `Chain verified: every event in the period links into its hash chain${ig.unsignedEvents > 0 ? `; ${ig.unsignedEvents} event(s) after the last checkpoint are not yet signed` : ' and is covered by a checkpoint signature'}.`
      : `Verification FAILED: ${ig.findings.length} finding(s); the figures below come only from the ${ig.eventsInReport} events that still verify.`));

  out.append(el('h2', {}, '1. Scope and integrity'), el('div', { class: 'figs' },
    figure('verification', ig.ok ? 'OK' : 'FAILED', 'integrity.ok', ig.ok ? 'good' : 'bad'), figure('records read', ig.records, 'integrity.records'),
    figure('events in report', ig.eventsInReport, 'integrity.eventsInReport'), figure('chains', ig.chains.length, 'integrity.chains.length'),
    figure('findings', ig.findings.length, 'integrity.findings.length', ig.findings.length > 0 ? 'bad' : ''), figure('unsigned events', ig.unsignedEvents, 'integrity.unsignedEvents', ig.unsignedEvents > 0 ? 'bad' : '')));
  out.append(table('Chains', ['chain', 'events', 'seq', 'first', 'last', 'signatures', 'key ids', 'unsigned tail', 'status'], ig.chains.map((/** @type {any} */ c) => [
    code(c.chainId), s(c.events), `${c.firstSeq}..${c.lastSeq}`, t(c.firstTime), t(c.lastTime), s(c.checkpoints), c.keyIds.join(' '), s(c.unsignedTail), c.ok ? 'OK' : 'FAILED'])));
  if (ig.findings.length > 0) out.append(table('Findings', ['finding', 'chain', 'seq', 'message'], ig.findings.slice(0, 200).map((/** @type {any} */ f) => [f.kind, code(f.chainId), s(f.seq), f.message])));
  out.append(table('Policy versions in force', ['loaded', 'sha256', 'rules'], r.policy.versions.items.map((/** @type {any} */ p) => [t(p.loadedAt), code(p.sha256), s(p.rules)])));

  const a = r.access;
  out.append(el('h2', {}, '2. Access log'), el('div', { class: 'figs' },
    figure('decisions', a.total, 'access.total'), figure('allowed', a.byDecision.allow, 'access.byDecision.allow'), figure('denied', a.byDecision.deny, 'access.byDecision.deny'),
    figure('held', a.byDecision.hold, 'access.byDecision.hold'), figure('dry-run allowed', a.byDecision.dry_run_allow, 'access.byDecision.dry_run_allow')));
  out.append(breakdown('By user', a.byUser), breakdown('By agent', a.byAgent), breakdown('By destination', a.byDestination), breakdown('By command kind', a.byCommandKind));
  out.append(table('Requests (first 200)', ['time', 'user', 'agent', 'destination', 'method', 'path (masked)', 'decision', 'rule', 'correlation id'], a.requests.slice(0, 200).map((/** @type {any} */ q) => [
    t(q.time), s(q.user), s(q.agent), s(q.destination), s(q.method), code(q.path), q.decision, q.ruleId, code(q.correlationId)])));

  const m = r.masking;
  const ex = m.exceptions;
  out.append(el('h2', {}, '3. Masking proof'), el('div', { class: 'figs' },
    figure('response sessions', m.sessions, 'masking.sessions'), figure('values masked', m.maskedValues, 'masking.maskedValues'),
    figure('passed unmasked', ex.passedUnmasked.total, 'masking.exceptions.passedUnmasked.total', ex.passedUnmasked.total > 0 ? 'bad' : ''),
    figure('blocked', ex.blocked.total, 'masking.exceptions.blocked.total'), figure('missing summary', ex.missingSummary.total, 'masking.exceptions.missingSummary.total', ex.missingSummary.total > 0 ? 'bad' : '')));
  out.append(table('Masked values by category', ['category', 'values'], m.byCategory.map((/** @type {any} */ c) => [c.key, String(c.count)])));

  const ap = r.approvals;
  out.append(el('h2', {}, '4. Approvals record'), el('div', { class: 'figs' },
    figure('holds', ap.holds.total, 'approvals.holds.total'), figure('approved', ap.byOutcome.approved, 'approvals.byOutcome.approved'), figure('denied', ap.byOutcome.denied, 'approvals.byOutcome.denied'),
    figure('expired unanswered', ap.expiredUnanswered, 'approvals.expiredUnanswered', ap.expiredUnanswered > 0 ? 'bad' : ''), figure('grants issued', ap.grants.total, 'approvals.grants.total'),
    figure('direct admin grants', ap.directGrants, 'approvals.directGrants', ap.directGrants > 0 ? 'bad' : '')));
  out.append(table('Holds', ['requested', 'user', 'agent', 'destination', 'command (masked)', 'rule', 'outcome', 'by', 'at', 'comment (masked)'], ap.holds.items.map((/** @type {any} */ h) => [
    t(h.requestedAt), s(h.user), s(h.agent), s(h.destination), code(h.command), s(h.ruleId), h.outcome, s(h.decidedBy), t(h.decidedAt), s(h.comment)])));

  const e = r.exceptions;
  out.append(el('h2', {}, '5. Exceptions'), el('div', { class: 'figs' },
    figure('fail-open decisions', e.failOpen.total, 'exceptions.failOpen.total', e.failOpen.total > 0 ? 'bad' : ''), figure('late deliveries', e.lateDelivered.count, 'exceptions.lateDelivered.count'),
    figure('Wardgate starts', e.starts.total, 'exceptions.starts.total'), figure('unclean stops', e.uncleanStops, 'exceptions.uncleanStops', e.uncleanStops > 0 ? 'bad' : ''),
    figure('key changes', e.keyChanges.total, 'exceptions.keyChanges.total')));
}

/** @param {HTMLElement} out @param {{ correlationId: string, events: any[], chain: { ok: boolean } }} data */
export function renderTimeline(out, data) {
  out.append(el('p', { class: data.chain.ok ? 'flash' : 'flash error' }, `${data.events.length} event(s) for ${data.correlationId}; the chain ${data.chain.ok ? 'verifies' : 'does NOT verify'}.`));
  out.append(table('Events in order', ['time', 'seq', 'kind', 'decision', 'rule', 'user', 'agent', 'details'], data.events.map(eventRow)));
}

/**
 * @param {HTMLElement} out
 * @param {{ agent: string, runs: Array<{ correlationId: string, startedAt: string, events: any[] }>, nextCursor?: string, chain: { ok: boolean } }} data
 * @param {boolean} more a later page appended under the earlier ones
 */
export function renderAgentRuns(out, data, more) {
  if (!more) out.append(el('p', { class: data.chain.ok ? 'flash' : 'flash error' }, `Runs of ${data.agent}, newest first; the chain ${data.chain.ok ? 'verifies' : 'does NOT verify'}.`));
  if (!more && data.runs.length === 0) out.append(el('p', { class: 'muted' }, 'No runs of this agent in the period.'));
  for (const run of data.runs) {
    out.append(el('div', { 'data-run': run.correlationId }, table(`Run ${run.correlationId}, started ${t(run.startedAt)}`, ['time', 'seq', 'kind', 'decision', 'rule', 'user', 'agent', 'details'], run.events.map(eventRow))));
  }
}

/** @param {any} ev */
function eventRow(ev) {
  return [t(ev.time), s(ev.chain?.seq), ev.kind, s(ev.decision?.outcome ?? ev.decision?.enforced ?? ''), s(ev.decision?.ruleId ?? ev.rule?.id ?? ''),
    s(ev.actor?.user ?? ev.subject?.user), s(ev.actor?.agent ?? ev.subject?.agent), summary(ev)];
}

/** A short line per event kind: approver and verdict, masking counts, grant ids. */
function summary(/** @type {any} */ ev) {
  const bits = [];
  if (ev.approval?.id) bits.push(`approval ${ev.approval.id}`);
  if (ev.approval?.verdict) bits.push(ev.approval.verdict);
  if (ev.grant?.id) bits.push(`grant ${ev.grant.id}`);
  if (ev.masking?.total !== undefined) bits.push(`${ev.masking.total} masked`);
  if (ev.target?.method) bits.push(`${ev.target.method} ${ev.target.destination ?? ''}`);
  return bits.join(' · ');
}
