import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Approver } from '../approvals/approval-service.js';
import { sendError } from '../admin/admin-http.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { sendJson } from '../server/send-json.js';
import type { ConsoleAudit, SignInRefusal } from './console-audit.js';
import { CONSOLE_HEADERS } from './console-headers.js';
import type { ConsoleUser } from './console-session.js';
import { rolesFor, rolesOf, type ConsoleGroups } from './console-roles.js';
import { ConsoleSessions, LOGIN_TTL_MS } from './console-sessions.js';
import { LOGIN_COOKIE, serializeCookie, SESSION_COOKIE } from './cookies.js';
import type { OidcClient } from './oidc-client.js';
import { guardSessionRequest } from './request-guard.js';
import type { StaticAssets } from './static-assets.js';

export interface ConsoleRouterDeps {
  sessions: ConsoleSessions;
  /** Records refused sign-ins (sign-in, sign-out and expiry are recorded by `sessions`). */
  audit?: Pick<ConsoleAudit, 'refused'>;
  oidc: Pick<OidcClient, 'authorizationUrl' | 'redeem'>;
  assets: StaticAssets;
  groups: ConsoleGroups;
  /** The console's origin (of its redirect URL): the only Origin state-changing calls may carry. */
  origin: string;
  absoluteTimeoutMs: number;
  idleTimeoutMs: number;
  pollIntervalMs: number;
  logger: Logger;
}

export interface ConsoleRouter {
  /** Serves /console/…; false for other paths. */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /**
   * For the admin router: the session's user, or undefined when the request has no session
   * cookie. `activity: false` (the live approvals stream) leaves the idle timeout running.
   */
  authenticateSession: (req: IncomingMessage, options?: { activity?: boolean }) => Promise<Approver | undefined>;
}

/** The web console: sign-in and out, the session document, and the static page that calls the admin API. */
export function createConsoleRouter(deps: ConsoleRouterDeps): ConsoleRouter {
  const { sessions } = deps;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;
    if (path !== '/console' && !path.startsWith('/console/')) return false;
    const method = req.method ?? 'GET';
    try {
      if (path === '/console') return redirect(res, '/console/');
      if (path === '/console/' && method === 'GET') return await sendAsset(res, 'index.html');
      if (path.startsWith('/console/assets/') && method === 'GET') return await sendAsset(res, path.slice('/console/assets/'.length));
      if (path === '/console/login' && method === 'GET') return await login(res);
      if (path === '/console/callback' && method === 'GET') return await callback(req, res, url);
      if (path === '/console/api/session' && method === 'GET') return await sessionDocument(req, res);
      if (path === '/console/logout' && method === 'POST') return await logout(req, res);
      throw new WardgateError(ErrorCode.NotFound, 'no such console page');
    } catch (err) {
      const error = WardgateError.from(err);
      if (error.code === ErrorCode.Internal || error.code === ErrorCode.Unavailable) {
        deps.logger.warn({ err: { code: error.code, message: error.message }, route: consoleRouteOf(path) }, 'console request failed');
      }
      const status = typeof error.details.httpStatus === 'number' ? error.details.httpStatus : error.httpStatus;
      if (res.headersSent) res.destroy();
      else if (path === '/console/callback' || path === '/console/login') sendPage(res, status, 'Sign-in failed', `${error.message}.`, true);
      else sendError(res, error, status, { ...CONSOLE_HEADERS });
      return true;
    }
  }

  async function sendAsset(res: ServerResponse, name: string): Promise<true> {
    const asset = await deps.assets.get(name);
    if (asset === undefined) throw new WardgateError(ErrorCode.NotFound, 'no such console file');
    res.writeHead(200, { ...CONSOLE_HEADERS, 'content-type': asset.contentType, 'content-length': String(asset.body.length) });
    res.end(asset.body);
    return true;
  }

  async function login(res: ServerResponse): Promise<true> {
    const { loginId, login } = await sessions.beginLogin();
    const location = await deps.oidc.authorizationUrl(login);
    res.writeHead(302, {
      ...CONSOLE_HEADERS,
      location,
      'set-cookie': serializeCookie(LOGIN_COOKIE, loginId, { sameSite: 'Lax', maxAgeSeconds: LOGIN_TTL_MS / 1000 }),
    });
    res.end();
    return true;
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<true> {
    let user: ConsoleUser;
    try {
      // The pending login is used up first, whatever the outcome: a callback URL works once.
      const pending = await sessions.finishLogin(req, url.searchParams.get('state'));
      const idpError = url.searchParams.get('error');
      if (idpError !== null) throw new WardgateError(ErrorCode.Unauthenticated, `the identity provider refused the sign-in (${/^[a-z_]{1,64}$/.test(idpError) ? idpError : 'error'})`, { details: { refusal: 'idp_error' } });
      const code = url.searchParams.get('code');
      if (code === null || code.length === 0 || code.length > 4096) throw new WardgateError(ErrorCode.Unauthenticated, 'no authorization code', { details: { refusal: 'no_code' } });
      user = await deps.oidc.redeem(code, pending);
    } catch (err) {
      const error = WardgateError.from(err);
      // Refusals only: an identity provider that cannot be reached refused nobody.
      if (error.code === ErrorCode.Unauthenticated) await deps.audit?.refused(refusalOf(error));
      throw error;
    }
    // Someone the console gives nothing to gets no session at all.
    if (rolesOf(user, deps.groups).length === 0) {
      await deps.audit?.refused('no_console_group', user);
      throw new WardgateError(ErrorCode.PermissionDenied, 'your groups give no access to the console', { details: { httpStatus: 403 } });
    }
    const { cookieValue } = await sessions.start(user);
    deps.logger.info({ subject: user.subject, roles: rolesOf(user, deps.groups) }, 'console sign-in');
    // A page, not a redirect: the next load is then same-site, so the SameSite=Strict cookie goes with it.
    sendPage(res, 200, 'Signed in', 'Opening the console…', false, [
      serializeCookie(SESSION_COOKIE, cookieValue, { sameSite: 'Strict', maxAgeSeconds: deps.absoluteTimeoutMs / 1000 }),
      serializeCookie(LOGIN_COOKIE, '', { sameSite: 'Lax', maxAgeSeconds: 0 }),
    ]);
    return true;
  }

  async function sessionDocument(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const session = await sessions.find(req);
    // 200, not 401: a signed-out page is a normal state, not an error in the browser's console.
    if (session === undefined) {
      sendJson(res, 200, { signedIn: false }, { ...CONSOLE_HEADERS });
      return true;
    }
    guardSessionRequest(req, session, deps.origin);
    sendJson(res, 200, {
      signedIn: true,
      user: { subject: session.user.subject, name: session.user.name, email: session.user.email, groups: session.user.groups },
      roles: rolesOf(session.user, deps.groups),
      csrfToken: session.csrfToken,
      pollIntervalMs: deps.pollIntervalMs,
      idleTimeoutMs: deps.idleTimeoutMs,
      absoluteExpiresAt: session.absoluteExpiresAt,
    }, { ...CONSOLE_HEADERS });
    return true;
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const session = await sessions.find(req);
    if (session !== undefined) {
      guardSessionRequest(req, session, deps.origin);
      await sessions.end(req, session);
      deps.logger.info({ subject: session.user.subject }, 'console sign-out');
    }
    sendJson(res, 200, { signedOut: true }, { ...CONSOLE_HEADERS, 'set-cookie': serializeCookie(SESSION_COOKIE, '', { sameSite: 'Strict', maxAgeSeconds: 0 }) });
    return true;
  }

  async function authenticateSession(req: IncomingMessage, options: { activity?: boolean } = {}): Promise<Approver | undefined> {
    if (!ConsoleSessions.hasCookie(req)) return undefined;
    const session = options.activity === false ? await sessions.peek(req) : await sessions.find(req);
    if (session === undefined) throw new WardgateError(ErrorCode.Unauthenticated, 'console session expired; sign in again');
    guardSessionRequest(req, session, deps.origin);
    const path = new URL(req.url ?? '/', 'http://console.invalid').pathname;
    const allowed = rolesFor(path);
    const roles = rolesOf(session.user, deps.groups);
    if (!roles.some((r) => allowed.includes(r))) {
      throw new WardgateError(ErrorCode.PermissionDenied, 'your groups give no access to this part of the console', { details: { httpStatus: 403 } });
    }
    return { subject: session.user.subject, groups: session.user.groups };
  }

  return { handle, authenticateSession };
}

/** The closed reason of a refused sign-in; the token endpoint's refusals (a PKCE verifier that does not match, a bad nonce) are `token_refused`. */
function refusalOf(error: WardgateError): SignInRefusal {
  const refusal = error.details.refusal;
  return refusal === 'state_mismatch' || refusal === 'login_expired' || refusal === 'idp_error' || refusal === 'no_code' ? refusal : 'token_refused';
}

function redirect(res: ServerResponse, location: string): true {
  res.writeHead(302, { ...CONSOLE_HEADERS, location });
  res.end();
  return true;
}

/** A minimal page (sign-in result); `refresh` sends the browser on to the console. No script. */
function sendPage(res: ServerResponse, status: number, title: string, message: string, failed: boolean, cookies: string[] = []): void {
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} – Wardgate console</title>${failed ? '' : '<meta http-equiv="refresh" content="0;url=/console/">'}<link rel="stylesheet" href="/console/assets/console.css"></head><body><main class="page"><h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="${failed ? '/console/login' : '/console/'}">${failed ? 'Try again' : 'Continue'}</a></p></main></body></html>`;
  res.writeHead(status, { ...CONSOLE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(html)), ...(cookies.length > 0 ? { 'set-cookie': cookies } : {}) });
  res.end(html);
}

function consoleRouteOf(path: string): string {
  return path.startsWith('/console/assets/') ? '/console/assets/:file' : ['/console', '/console/', '/console/login', '/console/callback', '/console/api/session', '/console/logout'].includes(path) ? path : '/console/:other';
}
