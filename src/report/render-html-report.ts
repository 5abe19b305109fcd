import type { BuiltAuditReport } from './build-audit-report.js';
import { REPORT_CSS, barChart, cutNote, dayChart, duration, esc, figure, pagedTable, table, time } from './html-parts.js';
import type { ReportRequest, ReportSession, ReportSessionRef } from './report-model.js';
import { writeText } from './write-json-report.js';

/** Breakdown rows shown per table in the HTML; the JSON has them all. */
const BREAKDOWN_ROWS = 50;
/** Findings listed in the red box; the rest are counted. */
const FAILURE_FINDINGS = 200;

/**
 * Writes the report as one self-contained HTML file: inline CSS and SVG, no script, no
 * external resource (a Content-Security-Policy forbids any), printable (every table page is
 * shown in print). The request and session tables list up to `limits.htmlRows` rows each and
 * say so when they were cut; the JSON form is complete.
 */
export async function writeHtmlReport(built: BuiltAuditReport, out: NodeJS.WritableStream): Promise<void> {
  const r = built.report;
  const { integrity: ig, access, masking, approvals, exceptions, policy } = r;
  const htmlRows = r.limits.htmlRows;
  const findings = ig.findings.length;
  await writeText(out, `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wardgate audit report ${esc(r.scope.firstEvent?.slice(0, 10) ?? '')} – ${esc(r.scope.lastEvent?.slice(0, 10) ?? '')}</title>
<style>${REPORT_CSS}</style></head><body>
<header><h1>Wardgate audit report</h1>
<p class="meta">Period ${time(r.scope.from ?? r.scope.firstEvent)} to ${time(r.scope.to ?? r.scope.lastEvent)} · generated ${time(r.generatedAt)} · report format ${esc(r.reportVersion)} · sources: ${r.scope.sources.map((s) => `<code>${esc(s)}</code>`).join(', ')}</p>
</header>
`);
  if (!ig.ok) {
    await writeText(out, `<section id="failure" class="failure"><h2>Verification FAILED</h2>
<p>Status: <strong data-figure="integrity.ok">FAILED</strong></p>
<p>The audit stream did not verify: <strong data-figure="integrity.findings.length">${findings}</strong> finding(s). This report is built only from the <strong>${ig.eventsInReport.toLocaleString('en-US')}</strong> events that still verify; ${Object.entries(ig.excluded).map(([k, n]) => `${n} ${esc(k)}`).join(', ') || 'none'} left out. Treat every figure below as a lower bound.</p>
${table(['finding', 'chain', 'seq', 'message'], ig.findings.slice(0, FAILURE_FINDINGS).map((f) => [esc(f.kind), `<code>${esc(f.chainId)}</code>`, esc(f.seq === undefined ? '' : f.toSeq === undefined ? f.seq : `${f.seq}..${f.toSeq}`), esc(f.message)]))}
${cutNote(Math.min(findings, FAILURE_FINDINGS), findings)}
</section>
`);
  } else {
    await writeText(out, `<p class="ok-banner" id="verified">Verified: every event in the period links into its hash chain${ig.unsignedEvents > 0 ? `; ${ig.unsignedEvents} event(s) after the last checkpoint are not yet signed` : ' and is covered by a checkpoint signature'}.</p>\n`);
  }

  // 1. Scope and integrity
  await writeText(out, `<section id="integrity"><h2>1. Scope and integrity</h2>
<div class="figs">${figure('verification', ig.ok ? 'OK' : 'FAILED', 'integrity.ok', ig.ok ? 'good' : 'bad')}${figure('records read', ig.records, 'integrity.records')}${figure('events in report', ig.eventsInReport, 'integrity.eventsInReport')}${figure('chains', ig.chains.length, 'integrity.chains.length')}${figure('findings', findings, 'integrity.findings.length', findings > 0 ? 'bad' : '')}${figure('unsigned events', ig.unsignedEvents, 'integrity.unsignedEvents', ig.unsignedEvents > 0 ? 'bad' : '')}${figure('re-deliveries', ig.duplicates, 'integrity.duplicates')}</div>
<p>Checkpoint signatures verified with key id(s): ${ig.keyIds.length === 0 ? '<strong>none</strong>' : ig.keyIds.map((k) => `<code>${esc(k)}</code>`).join(', ')}.</p>
<h3>Chains</h3>
${table(['chain', 'events', 'seq', 'first', 'last', 'signatures', 'key ids', 'signed through', 'unsigned tail', 're-deliveries', 'status'], ig.chains.map((c) => [
    `<code>${esc(c.chainId)}</code>`, esc(c.events), `${esc(c.firstSeq)}..${esc(c.lastSeq)}${c.startsAtSeq !== undefined ? ' (starts mid-chain)' : ''}`, time(c.firstTime), time(c.lastTime),
    esc(c.checkpoints), c.keyIds.map((k) => `<code>${esc(k)}</code>`).join(' '), esc(c.lastSignedSeq), esc(c.unsignedTail), esc(c.duplicates), c.ok ? 'OK' : '<strong style="color:#c62828">FAILED</strong>',
  ]))}
<h3>Policy versions in force</h3>
${table(['loaded', 'sha256', 'rules', 'chain'], policy.versions.items.map((p) => [time(p.loadedAt), `<code>${esc(p.sha256)}</code>`, esc(p.rules), `<code>${esc(p.chainId)}</code>`]))}${cutNote(policy.versions.items.length, policy.versions.total)}
<h3>Rejected policy reloads <span data-figure="policy.rejected.total">${policy.rejected.total}</span></h3>
${table(['time', 'error', 'chain'], policy.rejected.items.map((p) => [time(p.time), esc(p.error), `<code>${esc(p.chainId)}</code>`]))}
<h3>Dry-run periods</h3>
<p>${policy.dryRun.decisions === 0 ? 'No decision was taken in dry run.' : `<span data-figure="policy.dryRun.decisions">${policy.dryRun.decisions}</span> decision(s) in dry run, from ${time(policy.dryRun.firstAt)} to ${time(policy.dryRun.lastAt)}, on ${policy.dryRun.days.map(esc).join(', ')}.`}</p>
</section>
`);

  // 2. Access log
  const breakdown = (title: string, entries: Array<{ key: string; count: number }>): string =>
    `<div><h3>${esc(title)}</h3>${table([title.replace(/^By /, ''), 'decisions'], entries.slice(0, BREAKDOWN_ROWS).map((e) => [esc(e.key), esc(e.count)]))}${cutNote(Math.min(entries.length, BREAKDOWN_ROWS), entries.length)}</div>`;
  await writeText(out, `<section id="access"><h2>2. Access log</h2>
<div class="figs">${figure('requests', access.total, 'access.total')}${figure('allowed', access.byDecision.allow, 'access.byDecision.allow')}${figure('denied', access.byDecision.deny, 'access.byDecision.deny')}${figure('held', access.byDecision.hold, 'access.byDecision.hold')}${figure('dry-run allowed', access.byDecision.dry_run_allow, 'access.byDecision.dry_run_allow')}</div>
<p>Enforced: allow ${access.byEnforced.allow}, deny ${access.byEnforced.deny}, hold ${access.byEnforced.hold}.${access.otherKeys > 0 ? ` ${access.otherKeys} decision(s) are counted under "(other)" because a breakdown reached ${r.limits.breakdownKeys} keys.` : ''}</p>
<h3>Decisions per day</h3>
${dayChart(access.byDay)}
<div class="grid">${breakdown('By user', access.byUser)}${breakdown('By agent', access.byAgent)}${breakdown('By destination', access.byDestination)}${breakdown('By command kind', access.byCommandKind)}</div>
<h3>Requests</h3>
`);
  const requestRows: string[][] = [];
  for await (const q of built.requests.rows(htmlRows)) requestRows.push(requestRow(q));
  await writeText(out, pagedTable('requests', ['time', 'user', 'agent', 'destination', 'method', 'path (as recorded, masked)', 'command kind', 'decision', 'rule'], requestRows));
  await writeText(out, cutNote(requestRows.length, access.total, `the HTML lists at most ${htmlRows.toLocaleString('en-US')} rows; the JSON form (--format json) lists every request`) + '</section>\n');

  // 3. Masking proof
  const ex = masking.exceptions;
  const refTable = (title: string, figurePath: string, list: { total: number; items: ReportSessionRef[] }, withReason = false): string =>
    `<div class="${list.total > 0 ? 'exception' : ''}"><h3>${esc(title)}: <span data-figure="${esc(figurePath)}">${list.total}</span></h3>` +
    (list.total === 0 ? '' : table(['time', 'correlation id', 'user', 'agent', 'rule', 'profile', ...(withReason ? ['reason'] : [])], list.items.slice(0, htmlRows).map((s) => [
      time(s.time), `<code>${esc(s.correlationId)}</code>`, esc(s.user), esc(s.agent), esc(s.ruleId), esc(s.maskingProfile), ...(withReason ? [esc(s.reason)] : []),
    ])) + cutNote(Math.min(list.items.length, htmlRows), list.total)) + '</div>';
  await writeText(out, `<section id="masking"><h2>3. Masking proof</h2>
<h3>Exceptions an auditor must see first</h3>
${refTable('Responses passed with maskingProfile none', 'masking.exceptions.passedUnmasked.total', ex.passedUnmasked)}
${refTable('Responses blocked', 'masking.exceptions.blocked.total', ex.blocked, true)}
${refTable('Sessions without a masking summary where one was required', 'masking.exceptions.missingSummary.total', ex.missingSummary)}
${refTable('Allowed requests with no session event', 'masking.exceptions.decisionWithoutSession.total', ex.decisionWithoutSession)}
${refTable('Sessions with no decision event', 'masking.exceptions.sessionWithoutDecision.total', ex.sessionWithoutDecision)}
<div class="figs">${figure('response sessions', masking.sessions, 'masking.sessions')}${figure('values masked', masking.maskedValues, 'masking.maskedValues')}</div>
<h3>Masked values by category</h3>
${barChart(masking.byCategory, 'Masked values by category')}
<h3>By masking profile</h3>
${table(['profile', 'sessions', 'values masked'], masking.byProfile.map((p) => [esc(p.profile), esc(p.sessions), esc(p.maskedValues)]))}
<h3>Response sessions</h3>
`);
  const sessionRows: string[][] = [];
  for await (const s of built.sessions.rows(htmlRows)) sessionRows.push(sessionRow(s));
  await writeText(out, pagedTable('sessions', ['time', 'user', 'agent', 'rule', 'status', 'profile', 'masked', 'by category', 'blocked'], sessionRows));
  await writeText(out, cutNote(sessionRows.length, masking.sessions, `the HTML lists at most ${htmlRows.toLocaleString('en-US')} rows; the JSON form lists every session`) + '</section>\n');

  // 4. Approvals record
  const grantsById = new Map(approvals.grants.items.map((g) => [g.id, g]));
  await writeText(out, `<section id="approvals"><h2>4. Approvals record</h2>
<div class="figs">${figure('holds', approvals.holds.total, 'approvals.holds.total')}${figure('approved', approvals.byOutcome.approved, 'approvals.byOutcome.approved')}${figure('denied', approvals.byOutcome.denied, 'approvals.byOutcome.denied')}${figure('expired unanswered', approvals.expiredUnanswered, 'approvals.expiredUnanswered', approvals.expiredUnanswered > 0 ? 'bad' : '')}${figure('pending', approvals.byOutcome.pending, 'approvals.byOutcome.pending')}${figure('grants issued', approvals.grants.total, 'approvals.grants.total')}${figure('direct admin grants', approvals.directGrants, 'approvals.directGrants', approvals.directGrants > 0 ? 'bad' : '')}</div>
<h3>Holds</h3>
${table(['requested', 'user', 'agent', 'destination', 'command (masked)', 'rule', 'outcome', 'by', 'at', 'time to decision', 'comment (masked)', 'grant', 'grant uses', 'grant end'], approvals.holds.items.map((h) => {
    const g = h.grantId === undefined ? undefined : grantsById.get(h.grantId);
    return [time(h.requestedAt), esc(h.user), esc(h.agent), esc(h.destination), `<code>${esc(h.command)}</code>`, esc(h.ruleId), `<strong>${esc(h.outcome)}</strong>`, esc(h.decidedBy), time(h.decidedAt),
      duration(h.timeToDecisionMs), esc(h.comment), `<code>${esc(h.grantId)}</code>`, g === undefined ? '' : `${g.useCount}`, g === undefined ? '' : `${esc(g.end)} ${time(g.endedAt)}`];
  }))}${cutNote(approvals.holds.items.length, approvals.holds.total)}
<h3>Grants</h3>
${table(['issued', 'grant', 'source', 'issued by', 'subject', 'scope', 'TTL', 'uses allowed', 'used', 'end'], approvals.grants.items.map((g) => [
    time(g.issuedAt), `<code>${esc(g.id)}</code>`, g.source === 'admin' ? '<strong>direct admin grant</strong>' : `approval <code>${esc(g.approvalId)}</code>`, esc(g.issuedBy.join(', ')),
    esc([g.subjectUser, g.subjectAgent].filter(Boolean).join(' / ')), g.scope === undefined ? '' : esc(`${g.scope.method ?? ''} ${g.scope.destination ?? ''} ${g.scope.commandKinds.join(',')}`), duration(g.ttlMs),
    esc(g.usesAtIssue ?? 'unlimited'), esc(g.useCount), `${esc(g.end)} ${time(g.endedAt)}`,
  ]))}${cutNote(approvals.grants.items.length, approvals.grants.total)}
</section>
`);

  // 5. Exceptions
  await writeText(out, `<section id="exceptions"><h2>5. Exceptions</h2>
<div class="figs">${figure('fail-open decisions', exceptions.failOpen.total, 'exceptions.failOpen.total', exceptions.failOpen.total > 0 ? 'bad' : '')}${figure(exceptions.lateDelivered.known ? `delivered > ${exceptions.lateDelivered.thresholdMs / 1000} s late (spooled)` : 'late deliveries (unknown for files)', exceptions.lateDelivered.count, 'exceptions.lateDelivered.count', exceptions.lateDelivered.count > 0 ? 'bad' : '')}${figure('Wardgate starts', exceptions.starts.total, 'exceptions.starts.total')}${figure('restarts', exceptions.restarts, 'exceptions.restarts')}${figure('unclean stops', exceptions.uncleanStops, 'exceptions.uncleanStops', exceptions.uncleanStops > 0 ? 'bad' : '')}${figure('checkpoint key changes', exceptions.keyChanges.total, 'exceptions.keyChanges.total', exceptions.keyChanges.total > 0 ? 'bad' : '')}</div>
<h3>Fail-open decisions</h3>
${table(['time', 'correlation id', 'rule', 'reason'], exceptions.failOpen.items.slice(0, htmlRows).map((f) => [time(f.time), `<code>${esc(f.correlationId)}</code>`, esc(f.ruleId), esc(f.reason)]))}${cutNote(Math.min(exceptions.failOpen.items.length, htmlRows), exceptions.failOpen.total)}
<h3>Wardgate starts and stops</h3>
${table(['chain', 'started', 'stopped'], exceptions.starts.items.map((s) => [`<code>${esc(s.chainId)}</code>`, time(s.startedAt), s.stoppedAt === undefined ? '<strong>no stop recorded</strong>' : time(s.stoppedAt)]))}
<h3>Checkpoint key changes</h3>
${table(['time', 'chain', 'from key', 'to key'], exceptions.keyChanges.items.map((k) => [time(k.time), `<code>${esc(k.chainId)}</code>`, `<code>${esc(k.fromKeyId)}</code>`, `<code>${esc(k.toKeyId)}</code>`]))}
</section>
<footer><p class="note">Every path, command, comment and reason above was re-masked with this build's masking engine (percent-encoded text decoded first). Lists are cut at ${r.limits.listItems.toLocaleString('en-US')} items and tables at ${htmlRows.toLocaleString('en-US')} rows, each cut said where it happens; the JSON form (schema docs/audit-report.schema.json) is complete.</p></footer>
</body></html>
`);
}

function requestRow(q: ReportRequest): string[] {
  return [time(q.time), esc(q.user), esc(q.agent), esc(q.destination), esc(q.method), `<code>${esc(q.path)}</code>`, esc(q.commandKinds.join(', ')), esc(q.decision === 'dry_run_allow' ? 'dry-run allow' : q.decision), esc(q.ruleId)];
}

function sessionRow(s: ReportSession): string[] {
  return [time(s.time), esc(s.user), esc(s.agent), esc(s.ruleId), esc(s.status), esc(s.maskingProfile), esc(s.masked),
    esc(Object.entries(s.categories).map(([k, n]) => `${k} ${n}`).join(', ')), esc(s.blocked)];
}
