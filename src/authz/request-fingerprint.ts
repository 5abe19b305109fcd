import { createHash } from 'node:crypto';
import type { AccessRequest } from './access-request.js';

/**
 * Identifies "the same request" across a retry: who asks (user and agent) and exactly what
 * (method, authority, path, query, body). A one-time grant created by an approval is bound
 * to it, so approving one request never opens another.
 */
export function requestFingerprint(request: AccessRequest, subject: { user?: string; agent?: string }): string {
  const hash = createHash('sha256');
  for (const part of [
    subject.user ?? '',
    subject.agent ?? '',
    request.http.method,
    request.http.authority.replace(/:\d+$/, ''),
    request.http.path,
    request.http.query,
    // A body cut at the inspection limit is not the whole body that was approved, nor the reverse.
    request.http.body?.partial === true ? 'partial' : 'whole',
    request.http.headers['content-length'] ?? '',
  ]) {
    hash.update(part);
    hash.update('\u0000');
  }
  hash.update(request.http.body?.bytes ?? Buffer.alloc(0));
  return `sha256:${hash.digest('hex')}`;
}
