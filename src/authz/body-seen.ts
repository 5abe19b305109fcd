import type { AccessRequest } from './access-request.js';

/**
 * Wardgate did not see the whole body: Envoy sent only its start (`allow_partial_message`), or
 * the request declares more bytes than arrived (the ext_authz filter forwards no body). No
 * approval can then cover "exactly the held request": what follows the part seen is anyone's.
 */
export function bodyNotSeenWhole(request: AccessRequest): boolean {
  const body = request.http.body;
  if (body?.partial === true) return true;
  const declared = request.http.headers['content-length'];
  if (declared === undefined || !/^\d+$/.test(declared.trim())) return false;
  return Number(declared.trim()) > (body?.bytes.length ?? 0);
}
