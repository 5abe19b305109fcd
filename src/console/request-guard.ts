import type { IncomingMessage } from 'node:http';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { ConsoleSession } from './console-session.js';
import { sameSecret } from './console-sessions.js';

/** The header the console's page copies its session's CSRF token into. */
export const CSRF_HEADER = 'x-wardgate-csrf';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string | undefined): boolean {
  return !safeMethods.has((method ?? 'GET').toUpperCase());
}

/**
 * For every call with a session: fetch metadata must not say cross-site. For state-changing
 * calls also: the Origin is the console's own (browsers send it on every POST and DELETE) and the
 * CSRF header holds the session's token. The cookie alone proves nothing: a browser sends it for
 * any page that makes a request.
 */
export function guardSessionRequest(req: IncomingMessage, session: ConsoleSession, consoleOrigin: string): void {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw forbidden('cross-site request refused');
  if (!isStateChanging(req.method)) return;
  const origin = req.headers.origin;
  if (origin !== consoleOrigin) throw forbidden(origin === undefined ? 'Origin header missing' : 'request from another origin refused');
  if (site === 'none') throw forbidden('cross-site request refused');
  const token = req.headers[CSRF_HEADER];
  if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) throw forbidden('CSRF token missing or wrong');
}

function forbidden(message: string): WardgateError {
  return new WardgateError(ErrorCode.PermissionDenied, message, { details: { httpStatus: 403 } });
}
