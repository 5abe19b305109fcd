import type { AccessRequest } from '../authz/access-request.js';
import { mediaTypeOf } from '../http/media-type.js';

/**
 * Headers that frameworks read as "run this method instead" (Google APIs, ASP.NET, Express's
 * method-override, OData): the upstream may DELETE what Envoy reports as a GET.
 */
const overrideHeaders = ['x-http-method-override', 'x-http-method', 'x-method-override'] as const;
/** The form, query and JSON field Rails, Laravel, Symfony and Spring's HiddenHttpMethodFilter read. */
const overrideField = '_method';
const queryMentionsOverride = /_method/i;

/**
 * Every method other than the request's own that the upstream might run instead, upper-cased:
 * from the override headers, `?_method=`, and `_method` in a form or top-level JSON body (the
 * first `maxBodyBytes`). The body is decoded only when its bytes name the field: most do not,
 * and decoding them again would cost every request.
 */
export function methodOverrides(request: AccessRequest, maxBodyBytes: number): string[] {
  const bytes = request.http.body?.bytes;
  const limited = bytes === undefined || bytes.length === 0 ? undefined : bytes.subarray(0, maxBodyBytes);
  const text = limited !== undefined && bytesMentionOverride(limited) ? limited.toString('utf8') : undefined;
  const headers = request.http.headers;
  // Most requests name no override anywhere: answered without building anything.
  if (text === undefined && !overrideHeaders.some((name) => headers[name] !== undefined) && !queryMentionsOverride.test(request.http.query)) return [];
  const own = request.http.method.toUpperCase();
  const found = new Set<string>();
  const add = (value: string) => {
    for (const part of value.split(',')) {
      const method = part.trim().toUpperCase();
      if (method !== '' && method !== own) found.add(method);
    }
  };
  for (const name of overrideHeaders) {
    const value = headers[name];
    if (value !== undefined) add(value);
  }
  if (queryMentionsOverride.test(request.http.query)) {
    for (const [key, value] of new URLSearchParams(request.http.query)) if (key.toLowerCase() === overrideField) add(value);
  }
  if (text !== undefined) {
    const media = mediaTypeOf(request.http.body?.contentType ?? request.http.headers['content-type']);
    if (media === 'application/x-www-form-urlencoded') {
      for (const [key, value] of new URLSearchParams(text)) if (key.toLowerCase() === overrideField) add(value);
    } else {
      for (const value of jsonOverrideValues(text)) add(value);
    }
  }
  return [...found];
}

/** `_method` in any case, found in the bytes without decoding them. */
function bytesMentionOverride(bytes: Buffer): boolean {
  const tail = 'method';
  for (let at = bytes.indexOf(0x5f); at !== -1 && at + tail.length < bytes.length; at = bytes.indexOf(0x5f, at + 1)) {
    let i = 0;
    // ASCII letters only: `| 0x20` lower-cases them.
    while (i < tail.length && (bytes[at + 1 + i]! | 0x20) === tail.charCodeAt(i)) i += 1;
    if (i === tail.length) return true;
  }
  return false;
}

function jsonOverrideValues(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: any `_method` text in it is left to the body's own reading.
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  const values: string[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key.toLowerCase() === overrideField && typeof value === 'string') values.push(value);
  }
  return values;
}
