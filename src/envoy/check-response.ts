import type { AuthzOutcome, ExchangeMetadata } from '../authz/authz-outcome.js';
import type { CheckResponse } from './generated/envoy/service/auth/v3/CheckResponse.js';
import type { StatusCode } from './generated/envoy/type/v3/StatusCode.js';
import { encodeSetHeaders } from './header-map.js';
import { jsonToStruct, type JsonValue } from './struct-value.js';

/** Key inside Envoy's ext_authz metadata namespace under which Wardgate puts its facts. */
export const WARDGATE_METADATA_KEY = 'wardgate';

const GRPC_OK = 0;
const GRPC_PERMISSION_DENIED = 7;

export function metadataToJson(metadata: ExchangeMetadata): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(metadata)) if (value !== undefined) out[key] = value as JsonValue;
  return out;
}

/**
 * Wardgate's outcome -> Envoy's CheckResponse. A deny is a denied CheckResponse with an
 * HTTP status and JSON body, never a gRPC error (that would trigger status_on_error).
 */
export function toCheckResponse(outcome: AuthzOutcome): CheckResponse {
  const dynamicMetadata = outcome.metadata
    ? jsonToStruct({ [WARDGATE_METADATA_KEY]: metadataToJson(outcome.metadata) })
    : undefined;
  if (outcome.kind === 'allow') {
    return {
      status: { code: GRPC_OK, message: '' },
      ok_response: {
        headers: encodeSetHeaders(outcome.upstreamHeaders, false),
        headers_to_remove: outcome.removeUpstreamHeaders,
      },
      dynamic_metadata: dynamicMetadata,
    };
  }
  return {
    status: { code: GRPC_PERMISSION_DENIED, message: 'denied' },
    denied_response: {
      status: { code: outcome.status as StatusCode },
      headers: encodeSetHeaders({ 'content-type': 'application/json', ...outcome.headers }, false),
      body: JSON.stringify(outcome.body),
    },
    dynamic_metadata: dynamicMetadata,
  };
}
