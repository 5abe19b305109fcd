import { randomUUID } from 'node:crypto';
import type { AccessRequest } from '../authz/access-request.js';
import { isOpaqueId } from '../audit/correlation-id.js';
import type { CheckRequest__Output } from './generated/envoy/service/auth/v3/CheckRequest.js';
import type { Address__Output } from './generated/envoy/config/core/v3/Address.js';
import { decodeHeaderMap } from './header-map.js';
import { structToJson } from './struct-value.js';
import { traceParentFromHeaders } from './trace-headers.js';

/** Metadata namespace of Envoy's jwt_authn filter; `payload_in_metadata` names the key inside. */
const JWT_AUTHN_NAMESPACE = 'envoy.filters.http.jwt_authn';

export interface CheckRequestOptions {
  /** Key under the jwt_authn namespace holding verified claims (jwt_authn `payload_in_metadata`). */
  jwtAuthnPayloadKey: string;
  now: number;
  /**
   * The correlation id recorded for a client's x-request-id (which may hold anything, PHI
   * included). @default the id when opaque (see `isOpaqueId`), otherwise a fresh UUID
   */
  correlationIdOf?: (raw: string) => string;
}

function formatAddress(address: Address__Output | null | undefined): string | undefined {
  const socket = address?.socket_address;
  if (!socket?.address) return undefined;
  return socket.port_value ? `${socket.address}:${socket.port_value}` : socket.address;
}

function recordedRequestId(raw: string | undefined, options: CheckRequestOptions): string {
  if (!raw) return randomUUID();
  if (options.correlationIdOf) return options.correlationIdOf(raw);
  return isOpaqueId(raw) ? raw : randomUUID();
}

/** Envoy's CheckRequest -> Wardgate's AccessRequest. Never throws on odd input. */
export function toAccessRequest(check: CheckRequest__Output, options: CheckRequestOptions): AccessRequest {
  const attrs = check.attributes;
  const http = attrs?.request?.http;
  // Envoy sends either the `headers` map or, with encode_raw_headers, `header_map`.
  // Envoy already lower-cases names; the map is read in place, without an array of entries.
  let headers: Record<string, string> = {};
  const map = http?.headers;
  if (map) for (const key of Object.keys(map)) headers[key.toLowerCase()] = map[key] ?? '';
  if (http?.header_map) {
    const decoded = decodeHeaderMap(http.header_map).headers;
    headers = Object.keys(headers).length === 0 ? decoded : Object.assign(headers, decoded);
  }

  const rawPath = http?.path || headers[':path'] || '/';
  const queryAt = rawPath.indexOf('?');
  const path = queryAt === -1 ? rawPath : rawPath.slice(0, queryAt);
  const query = http?.query || (queryAt === -1 ? '' : rawPath.slice(queryAt + 1));

  let bodyBytes: Buffer | undefined;
  if (http?.raw_body && http.raw_body.length > 0) bodyBytes = Buffer.from(http.raw_body);
  else if (http?.body) bodyBytes = Buffer.from(http.body, 'utf8');

  const request: AccessRequest = {
    // x-request-id is what the upstream and the mesh's logs see; Envoy's http.id is internal.
    requestId: recordedRequestId(headers['x-request-id'] || http?.id, options),
    receivedAt: options.now,
    source: { address: formatAddress(attrs?.source?.address), principal: attrs?.source?.principal || undefined },
    destination: {
      address: formatAddress(attrs?.destination?.address),
      principal: attrs?.destination?.principal || undefined,
    },
    http: {
      method: (http?.method || headers[':method'] || 'GET').toUpperCase(),
      scheme: http?.scheme || headers[':scheme'] || 'http',
      authority: (http?.host || headers[':authority'] || headers.host || '').toLowerCase(),
      path,
      query,
      headers,
      body:
        bodyBytes === undefined
          ? undefined
          : {
              bytes: bodyBytes,
              partial: headers['x-envoy-auth-partial-body'] === 'true',
              contentType: headers['content-type'],
            },
    },
  };

  const trace = traceParentFromHeaders(headers);
  if (trace) request.trace = trace;

  const jwtMetadata = attrs?.metadata_context?.filter_metadata?.[JWT_AUTHN_NAMESPACE];
  if (jwtMetadata) {
    const claims = structToJson(jwtMetadata)[options.jwtAuthnPayloadKey];
    if (claims && typeof claims === 'object' && !Array.isArray(claims)) request.verifiedJwtClaims = claims;
  }
  return request;
}
