// @ts-check
// The Wardgate console page. Talks only to this origin: /console/api/session for who is signed
// in, the admin API (/v1/...) with the session cookie and the CSRF header for everything else.
// Text goes into the page through textContent only, never as HTML.
import { renderAgentRuns, renderReport, renderTimeline } from './evidence-view.js';
import { el, clear } from './dom.js';
import { startLiveApprovals } from './live-approvals.js';

const CSRF_HEADER = 'x-wardgate-csrf';

/** @type {{ user: { subject: string, name?: string, email?: string, groups: string[] }, roles: string[], csrfToken: string, pollIntervalMs: number } | undefined} */
let session;
/** @type {(() => void) | undefined} Stops the Approvals page's live feed (or its polling fallback); set while the page is shown. */
let stopLive;
/** @type {number | undefined} */
let tickTimer;
/**
 * Cards by approval id, so that an update does not wipe a comment being typed in another card.
 * @type {Map<string, { node: HTMLElement, signature: string, approval: any, touchedAt: number }>}
 */
const cards = new Map();

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

function flash(/** @type {string} */ text, error = false) {
  const box = $('flash');
  box.textContent = text;
  box.classList.toggle('error', error);
}

/**
 * A call to this origin. State-changing calls carry the CSRF token; `background` marks polling,
 * which does not keep an idle session alive.
 * @param {string} path @param {{ method?: string, body?: unknown, background?: boolean }} [options]
 */
async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  const method = options.method ?? 'GET';
  if (method !== 'GET' && session) headers[CSRF_HEADER] = session.csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.background) headers['x-wardgate-background'] = '1';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store', ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    showSignedOut('Your session ended; sign in again.');
    throw new Error('signed out');
  }
  return { status: response.status, data };
}

function showSignedOut(/** @type {string} */ message = '') {
  session = undefined;
  leaveApprovals();
  for (const id of ['nav', 'logout', 'no-access', 'page-approvals', 'page-grants', 'page-evidence']) $(id).hidden = true;
  $('who').textContent = '';
  $('signed-out').hidden = false;
  flash(message);
}

async function start() {
  const { status, data } = await api('/console/api/session');
  if (status !== 200 || data.signedIn !== true) return showSignedOut();
  session = data;
  const s = /** @type {NonNullable<typeof session>} */ (session);
  $('who').textContent = `Signed in as ${s.user.name ?? s.user.email ?? s.user.subject}`;
  $('logout').hidden = false;
  $('logout').addEventListener('click', () => void logout());
  const links = /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll('#nav a'));
  let visible = 0;
  for (const link of links) {
    const allowed = (link.dataset.role ?? '').split(' ').some((r) => s.roles.includes(r));
    link.hidden = !allowed;
    if (allowed) visible++;
  }
  if (visible === 0) {
    $('no-access').hidden = false;
    return;
  }
  $('nav').hidden = false;
  window.addEventListener('hashchange', () => void show());
  $('report-form').addEventListener('submit', (e) => { e.preventDefault(); void loadReport(); });
  $('timeline-form').addEventListener('submit', (e) => { e.preventDefault(); void loadTimeline(undefined); });
  await show();
}

function allowedPages() {
  const s = session;
  if (!s) return [];
  return [...document.querySelectorAll('#nav a')].filter((a) => !(/** @type {HTMLElement} */ (a).hidden)).map((a) => /** @type {HTMLElement} */ (a).dataset.page ?? '');
}

async function show() {
  const pages = allowedPages();
  const wanted = location.hash.slice(1);
  const page = pages.includes(wanted) ? wanted : pages[0];
  for (const name of ['approvals', 'grants', 'evidence']) $(`page-${name}`).hidden = name !== page;
  for (const a of document.querySelectorAll('#nav a')) {
    if (/** @type {HTMLElement} */ (a).dataset.page === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  leaveApprovals();
  flash('');
  if (page === 'approvals') {
    await loadApprovals();
    if (!session) return;
    stopLive = startLiveApprovals({
      url: '/v1/approvals/events',
      pollIntervalMs: session.pollIntervalMs ?? 3000,
      onApproval: applyApproval,
      reload: () => loadApprovals(true),
      onMode: showLiveMode,
    });
    tickTimer = window.setInterval(tickTimeLeft, 1000);
  } else if (page === 'grants') {
    await loadGrants();
  }
}

async function logout() {
  await api('/console/logout', { method: 'POST' }).catch(() => undefined);
  showSignedOut('You are signed out.');
}

// ---- Approvals -------------------------------------------------------------------------------

const fmtTime = (/** @type {number} */ ms) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** Stops the live feed and the countdown (another page, or signed out). */
function leaveApprovals() {
  stopLive?.();
  stopLive = undefined;
  window.clearInterval(tickTimer);
  tickTimer = undefined;
  $('page-approvals').removeAttribute('data-live');
}

function showLiveMode(/** @type {'connecting' | 'live' | 'polling'} */ mode) {
  $('page-approvals').dataset.live = mode;
  const every = Math.round((session?.pollIntervalMs ?? 3000) / 1000);
  $('live-status').textContent = mode === 'live' ? 'Live updates: new holds and decisions show as they happen.'
    : mode === 'polling' ? `Live updates unavailable; refreshing every ${every} s.` : 'Connecting to live updates…';
}

/** The countdown on every pending card, from its own expiry: no server call. */
function tickTimeLeft() {
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-time-left]'))) {
    node.textContent = timeLeft(Number(node.dataset.expiresAt));
  }
}

function timeLeft(/** @type {number} */ expiresAt) {
  const s = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function scopeText(/** @type {any} */ scope) {
  const parts = [`match: ${scope.match ?? 'glob'}`];
  for (const key of ['destinations', 'methods', 'paths', 'commandKinds']) {
    const list = scope[key] ?? [];
    parts.push(`${key}: ${list.length === 0 ? 'any' : list.join(', ')}`);
  }
  if (scope.commandHash) parts.push(`command hash: ${scope.commandHash}`);
  return parts.join('\n');
}

/** @param {HTMLDListElement} dl @param {string} term @param {string | Node} value */
function fact(dl, term, value) {
  dl.append(el('dt', {}, term), el('dd', {}, value));
}

/** Re-lists the approvals; false when the session has ended (the page then shows signed out). */
async function loadApprovals(background = false) {
  const asked = Date.now();
  let result;
  try {
    result = await api('/v1/approvals', { background });
  } catch {
    return false;
  }
  if (result.status !== 200) {
    flash(result.data?.error?.message ?? `could not load approvals (HTTP ${result.status})`, true);
    return true;
  }
  // A live event may have brought a newer state of a card than this list holds: keep the newer.
  /** @type {any[]} */
  const approvals = result.data.approvals.map((/** @type {any} */ a) => newer(cards.get(a.id)?.approval, a));
  const seen = new Set(approvals.map((a) => a.id));
  for (const [id, entry] of cards) {
    // Gone from the list (past retention), unless an event showed it after this list was asked for.
    if (!seen.has(id) && entry.touchedAt < asked) {
      entry.node.remove();
      cards.delete(id);
    }
  }
  for (const a of approvals) placeCard(a);
  for (const entry of cards.values()) if (!seen.has(entry.approval.id)) placeCard(entry.approval);
  showEmptyHints();
  return true;
}

/** An `approval` event: that one card is updated or inserted, nothing is re-listed. */
function applyApproval(/** @type {any} */ a) {
  const shown = cards.get(a.id)?.approval;
  // Events and answers may cross: an older state never replaces a newer one.
  if (shown !== undefined && progress(shown) > progress(a)) return;
  placeCard(a, true);
  showEmptyHints();
}

/** How far an approval has got: decided beats pending, more votes beat fewer (states only move forward). */
const progress = (/** @type {any} */ a) => (a.status === 'pending' ? 0 : 1_000_000) + a.votes.length;
const newer = (/** @type {any} */ shown, /** @type {any} */ next) => (shown !== undefined && progress(shown) > progress(next) ? shown : next);

/**
 * Puts the approval's card in its list (pending or decided), newest first as the API orders
 * (equal times by id). A card whose approval did not change is kept (a comment being typed survives).
 */
function placeCard(/** @type {any} */ a, fromEvent = false) {
  const signature = `${a.status}:${a.votes.length}`;
  let entry = cards.get(a.id);
  if (!entry || entry.signature !== signature) {
    const node = approvalCard(a);
    if (entry) entry.node.replaceWith(node);
    entry = { node, signature, approval: a, touchedAt: 0 };
    cards.set(a.id, entry);
  }
  entry.approval = a;
  if (fromEvent) entry.touchedAt = Date.now();
  const list = $(a.status === 'pending' ? 'pending' : 'decided');
  const before = [...list.children].find((node) => {
    const other = cards.get(/** @type {HTMLElement} */ (node).dataset.approval ?? '')?.approval;
    return other !== undefined && other.id !== a.id && (other.createdAt < a.createdAt || (other.createdAt === a.createdAt && other.id > a.id));
  });
  if (entry.node.parentElement !== list || entry.node.nextElementSibling !== (before ?? null)) list.insertBefore(entry.node, before ?? null);
}

function showEmptyHints() {
  $('pending-empty').hidden = $('pending').children.length > 0;
  $('decided-empty').hidden = $('decided').children.length > 0;
}

function approvalCard(/** @type {any} */ a) {
  const me = session?.user.subject;
  const card = el('li', { class: 'card', 'data-approval': a.id });
  const heading = `${a.method} ${a.destination}`;
  card.append(el('h3', {}, el('span', { class: `status-${a.status}` }, a.status), ` · ${heading}`));
  const dl = /** @type {HTMLDListElement} */ (el('dl', { class: 'facts' }));
  fact(dl, 'Asked by', a.requester.user ?? '(unauthenticated)');
  fact(dl, 'Agent', a.requester.agent ?? '(none)');
  fact(dl, 'Destination', a.destination);
  fact(dl, 'Method', a.method);
  fact(dl, 'Path', el('code', {}, a.path));
  fact(dl, 'Command (masked)', el('pre', {}, a.command));
  fact(dl, 'Rule', a.ruleId);
  fact(dl, 'Reason', a.reason);
  fact(dl, 'Approving creates', el('pre', { 'data-grant-scope': '' }, scopeText(a.grantScope)));
  fact(dl, 'Asked at', fmtTime(a.createdAt));
  if (a.status === 'pending') fact(dl, 'Time left', el('span', { 'data-time-left': '', 'data-expires-at': String(a.expiresAt) }, timeLeft(a.expiresAt)));
  fact(dl, 'Approvals', `${a.votes.filter((/** @type {any} */ v) => v.verdict === 'approve').length} of ${a.approvalsRequired}`);
  for (const v of a.votes) fact(dl, v.verdict === 'approve' ? 'Approved by' : 'Denied by', `${v.approver} at ${fmtTime(v.at)} — “${v.comment}”`);
  card.append(dl);
  if (a.status !== 'pending') return card;
  if (a.requester.user !== undefined && a.requester.user === me) {
    card.append(el('p', { class: 'own', 'data-own-request': '' }, 'You asked for this: another approver must decide it.'));
    return card;
  }
  if (a.votes.some((/** @type {any} */ v) => v.approver === me)) {
    card.append(el('p', { class: 'own' }, 'You have voted; waiting for another approver.'));
    return card;
  }
  const commentId = `comment-${a.id}`;
  const forId = `grant-for-${a.id}`;
  const comment = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: commentId, name: 'comment', rows: '2', required: '', maxlength: '2000' }));
  const grantFor = /** @type {HTMLInputElement} */ (el('input', { id: forId, name: 'grantFor', type: 'text', placeholder: 'e.g. 30m', autocomplete: 'off', 'aria-describedby': `${forId}-help` }));
  const approve = el('button', { type: 'submit', value: 'approve' }, 'Approve');
  const deny = el('button', { type: 'submit', value: 'deny', class: 'danger' }, 'Deny');
  const form = el('form', { class: 'decide', 'aria-label': `Decide ${heading}` },
    el('label', { for: commentId }, 'Comment (required)'), comment,
    el('label', { for: forId }, 'Grant for (optional)'), grantFor,
    el('span', { id: `${forId}-help`, class: 'muted' }, 'Empty: one use, for the retry of this request only. A duration gives a time-boxed grant.'),
    el('div', { class: 'actions' }, approve, deny));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const submitter = /** @type {SubmitEvent} */ (event).submitter;
    void decide(a, submitter instanceof HTMLButtonElement && submitter.value === 'deny' ? 'deny' : 'approve', comment.value, grantFor.value.trim());
  });
  card.append(form);
  return card;
}

async function decide(/** @type {any} */ a, /** @type {'approve' | 'deny'} */ verdict, /** @type {string} */ comment, /** @type {string} */ grantFor) {
  const body = verdict === 'approve' && grantFor !== '' ? { comment, grantFor } : { comment };
  let result;
  try {
    result = await api(`/v1/approvals/${encodeURIComponent(a.id)}/${verdict}`, { method: 'POST', body });
  } catch {
    return;
  }
  if (result.status === 200) {
    flash(`${verdict === 'approve' ? 'Approved' : 'Denied'}: ${a.method} ${a.destination} (now ${result.data.approval.status}).`);
    // The answer is the approval after the vote: that card, without re-listing.
    applyApproval(result.data.approval);
    return;
  }
  if (result.status === 409) flash(`Someone else acted first: ${result.data?.error?.message ?? 'conflict'}. The list shows the outcome.`, true);
  else flash(result.data?.error?.message ?? `HTTP ${result.status}`, true);
  await loadApprovals();
}

// ---- Grants ----------------------------------------------------------------------------------

async function loadGrants() {
  let result;
  try {
    result = await api('/v1/grants');
  } catch {
    return;
  }
  const body = /** @type {HTMLElement} */ ($('grants-table').querySelector('tbody'));
  clear(body);
  if (result.status !== 200) return flash(result.data?.error?.message ?? `could not load grants (HTTP ${result.status})`, true);
  const admin = session?.roles.includes('admin') ?? false;
  $('grants-note').textContent = admin ? 'All active grants. Revoking takes effect at once.' : 'Your own active grants (admins see everyone’s and may revoke).';
  /** @type {any[]} */
  const grants = result.data.grants;
  if (grants.length === 0) body.append(el('tr', {}, el('td', { colspan: '7' }, 'No active grants.')));
  for (const g of grants) {
    const who = [g.subject.user, g.subject.agent].filter(Boolean).join(' / ');
    const action = admin ? el('button', { type: 'button', class: 'danger', 'aria-label': `Revoke grant ${g.id}` }, 'Revoke') : el('span', {}, '');
    action.addEventListener('click', () => void revoke(g.id));
    body.append(el('tr', { 'data-grant': g.id },
      el('td', {}, el('code', {}, g.id)), el('td', {}, who), el('td', {}, el('pre', {}, scopeText(g.scope))),
      el('td', {}, g.usesLeft === undefined ? 'unlimited' : String(g.usesLeft)), el('td', {}, fmtTime(g.expiresAt)),
      el('td', {}, (g.approvedBy ?? []).join(', ')), el('td', {}, action)));
  }
}

async function revoke(/** @type {string} */ id) {
  let result;
  try {
    result = await api(`/v1/grants/${encodeURIComponent(id)}`, { method: 'DELETE' });
  } catch {
    return;
  }
  if (result.status === 200) flash(`Grant ${id} revoked.`);
  else flash(result.data?.error?.message ?? `HTTP ${result.status}`, true);
  await loadGrants();
}

// ---- Evidence --------------------------------------------------------------------------------

async function loadReport() {
  const from = /** @type {HTMLInputElement} */ ($('report-from')).value;
  const to = /** @type {HTMLInputElement} */ ($('report-to')).value;
  const query = new URLSearchParams();
  if (from) query.set('from', new Date(from).toISOString());
  if (to) query.set('to', new Date(to).toISOString());
  const out = $('report');
  clear(out);
  out.append(el('p', { class: 'muted' }, 'Verifying the audit stream and building the report…'));
  let result;
  try {
    result = await api(`/v1/audit/report?${query}`);
  } catch {
    return;
  }
  clear(out);
  if (result.status !== 200) return flash(result.data?.error?.message ?? `HTTP ${result.status}`, true);
  query.set('format', 'html');
  out.append(el('p', {}, el('a', { href: `/v1/audit/report?${query}`, target: '_blank', rel: 'noopener', id: 'printable-report' }, 'Open the printable report'),
    ' (the HTML `wardgate audit report` writes, for the same period)'));
  renderReport(out, result.data.report);
}

/** @param {string | undefined} cursor the previous page's `nextCursor` (an agent's older runs) */
async function loadTimeline(cursor = undefined) {
  const by = /** @type {HTMLSelectElement} */ ($('timeline-by')).value;
  const value = /** @type {HTMLInputElement} */ ($('timeline-id')).value.trim();
  const out = $('timeline');
  if (cursor === undefined) clear(out);
  // Correlation ids and SPIFFE ids are opaque ids, not PHI; sent as query parameters like the CLI's --correlation-id.
  const query = new URLSearchParams();
  if (by === 'agent') {
    query.set('agent', value);
    const from = /** @type {HTMLInputElement} */ ($('timeline-from')).value;
    const to = /** @type {HTMLInputElement} */ ($('timeline-to')).value;
    if (from) query.set('from', new Date(from).toISOString());
    if (to) query.set('to', new Date(to).toISOString());
    query.set('limit', '20');
    if (cursor !== undefined) query.set('cursor', cursor);
  } else {
    query.set('correlationId', value);
  }
  let result;
  try {
    result = await api(`/v1/audit/timeline?${query}`);
  } catch {
    return;
  }
  if (result.status !== 200) return flash(result.data?.error?.message ?? `HTTP ${result.status}`, true);
  if (by !== 'agent') return renderTimeline(out, result.data);
  $('older-runs')?.remove();
  renderAgentRuns(out, result.data, cursor !== undefined);
  if (result.data.nextCursor) {
    const next = String(result.data.nextCursor);
    const button = el('button', { type: 'button', id: 'older-runs' }, 'Older runs');
    button.addEventListener('click', () => void loadTimeline(next));
    out.append(button);
  }
}

void start();
