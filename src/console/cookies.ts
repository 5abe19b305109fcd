/** The session cookie: `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-wardgate-console';
/**
 * The sign-in-under-way cookie. SameSite=Lax, not Strict: the browser comes back from the IdP by
 * a cross-site navigation, on which a Strict cookie would not be sent.
 */
export const LOGIN_COOKIE = '__Host-wardgate-console-login';

/** `name=value` pairs of a Cookie header; the first of a repeated name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  sameSite: 'Strict' | 'Lax';
  /** Seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
}

/** A Set-Cookie value: always HttpOnly, Secure and Path=/ (what `__Host-` requires). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return `${name}=${value}; Path=/; HttpOnly; Secure; SameSite=${options.sameSite}; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`;
}
