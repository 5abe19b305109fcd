/**
 * The path as an upstream server would route it, read the strictest way, so that a rule sees
 * the same path whatever spelling an agent chose:
 * - percent-escapes decoded once, except `%2F` and `%5C` (they would change the segments) and
 *   controls and non-ASCII bytes (not text a rule names);
 * - path parameters dropped from every segment (`/a;jsessionid=1/b` is `/a/b`): servlet
 *   containers route on the path without them, which is what makes `/x/..;/admin` reach `/admin`;
 * - empty segments dropped (repeated and trailing slashes);
 * - `.` and `..` resolved, a `..` above the root staying at the root.
 */
export function canonicalPath(raw: string): string {
  let path = raw;
  if (path.includes('%')) {
    path = path.replace(/%([0-9A-Fa-f]{2})/g, (escape: string, hex: string) => {
      const code = Number.parseInt(hex, 16);
      if (code === 0x2f || code === 0x5c || code < 0x20 || code >= 0x7f) return escape.toUpperCase();
      return String.fromCharCode(code);
    });
  }
  if (!needsSegmentWork(path)) return path.startsWith('/') ? path : `/${path}`;
  const out: string[] = [];
  for (const raw of path.split('/')) {
    const semicolon = raw.indexOf(';');
    const segment = semicolon === -1 ? raw : raw.slice(0, semicolon);
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** The common case (`/Patient/123`) is already canonical: no split, no allocation. */
function needsSegmentWork(path: string): boolean {
  return !path.startsWith('/') || path.includes('//') || path.includes('/.') || path.includes(';') || (path.length > 1 && path.endsWith('/'));
}

/**
 * A path glob from a policy or the configuration, spelt the way `canonicalPath` spells paths
 * (a trailing slash dropped, repeated slashes merged), so `paths: ["/api/"]` still matches `/api/`.
 */
export function canonicalPathPattern(pattern: string): string {
  let out = pattern.replace(/\/{2,}/g, '/');
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

/**
 * The host a rule compares: lower-cased, without port and without the DNS root dot
 * (`db.internal.` and `db.internal` are one host to every resolver).
 */
export function canonicalHost(authority: string): string {
  const lower = authority.toLowerCase();
  let host: string;
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    host = end === -1 ? lower : lower.slice(0, end + 1);
  } else {
    const colon = lower.lastIndexOf(':');
    host = colon !== -1 && /^\d*$/.test(lower.slice(colon + 1)) ? lower.slice(0, colon) : lower;
  }
  while (host.length > 1 && host.endsWith('.')) host = host.slice(0, -1);
  return host;
}
