// @ts-check
// The Approvals page's live feed: GET /v1/approvals/events through EventSource (same origin, so
// the session cookie goes with it and the CSP's connect-src 'self' allows it), with polling as
// the fallback when the stream cannot be had.

/** Errors in a row without the stream opening, before the page falls back to polling. */
const MAX_ERRORS = 3;
/** While polling, how often the stream is tried again. */
const RETRY_LIVE_MS = 60_000;
/** After the server ended the stream while the session still holds (another replica answers). */
const REOPEN_AFTER_END_MS = 2_000;

/**
 * @typedef {'connecting' | 'live' | 'polling'} LiveMode
 * @typedef {object} LiveOptions
 * @property {string} url
 * @property {number} pollIntervalMs
 * @property {(approval: any) => void} onApproval One approval as the list shows it.
 * @property {() => Promise<boolean>} reload Re-lists in the background; false once signed out.
 * @property {(mode: LiveMode) => void} onMode
 */

/**
 * Starts the feed; returns the function that stops it (leaving the page, signing out).
 * @param {LiveOptions} options
 * @returns {() => void}
 */
export function startLiveApprovals(options) {
  /** @type {EventSource | undefined} */
  let source;
  let errors = 0;
  let stopped = false;
  /** @type {number | undefined} */
  let pollTimer;
  /** @type {number | undefined} */
  let retryTimer;

  const clearTimers = () => {
    window.clearInterval(pollTimer);
    window.clearTimeout(retryTimer);
    pollTimer = undefined;
    retryTimer = undefined;
  };
  const closeSource = () => {
    source?.close();
    source = undefined;
  };

  function connect() {
    if (stopped) return;
    closeSource();
    options.onMode('connecting');
    const es = new window.EventSource(options.url);
    source = es;
    es.addEventListener('open', () => {
      errors = 0;
      clearTimers();
      // What changed before the stream was open is in the list (an event and the list may cross: the page keeps the newer).
      void options.reload().then((signedIn) => {
        if (signedIn && source === es) options.onMode('live');
      });
    });
    es.addEventListener('approval', (e) => options.onApproval(JSON.parse(/** @type {MessageEvent<string>} */ (e).data)));
    es.addEventListener('resync', () => void options.reload());
    es.addEventListener('end', () => {
      closeSource();
      options.onMode('connecting');
      // Shut down, or the session ended: the re-list tells which (a 401 signs the page out).
      void options.reload().then((signedIn) => {
        if (signedIn && !stopped) retryTimer = window.setTimeout(connect, REOPEN_AFTER_END_MS);
      });
    });
    es.addEventListener('error', () => {
      if (source !== es) return;
      errors++;
      // CLOSED: refused (401, 403, 429, 503); the browser will not retry by itself.
      if (es.readyState === window.EventSource.CLOSED || errors >= MAX_ERRORS) poll();
      else options.onMode('connecting');
    });
  }

  function poll() {
    closeSource();
    errors = 0;
    clearTimers();
    options.onMode('polling');
    void options.reload();
    pollTimer = window.setInterval(() => void options.reload(), options.pollIntervalMs);
    retryTimer = window.setTimeout(connect, RETRY_LIVE_MS);
  }

  if (typeof window.EventSource === 'function') connect();
  else poll();
  return () => {
    stopped = true;
    closeSource();
    clearTimers();
  };
}
