import type { HeaderMap__Output } from './generated/envoy/config/core/v3/HeaderMap.js';
import type { HeaderValueOption } from './generated/envoy/config/core/v3/HeaderValueOption.js';

export interface DecodedHeaders {
  /** Lower-cased names; repeated headers joined with ','. */
  headers: Record<string, string>;
  /** Envoy encoded values in `raw_value` (runtime guard send_header_raw_value); mirror it in replies. */
  usesRawValue: boolean;
}

export function decodeHeaderMap(map: HeaderMap__Output | null | undefined): DecodedHeaders {
  const headers: Record<string, string> = {};
  let usesRawValue = false;
  for (const entry of map?.headers ?? []) {
    const key = entry.key.toLowerCase();
    let value = entry.value;
    if (entry.raw_value && entry.raw_value.length > 0) {
      value = entry.raw_value.toString('latin1');
      usesRawValue = true;
    }
    const previous = headers[key];
    headers[key] = previous === undefined ? value : `${previous},${value}`;
  }
  return { headers, usesRawValue };
}

/** Header options that overwrite existing values, encoded the way Envoy sent them. */
export function encodeSetHeaders(set: Readonly<Record<string, string>>, useRawValue: boolean): HeaderValueOption[] {
  return Object.entries(set).map(([key, value]) => ({
    header: useRawValue ? { key, raw_value: Buffer.from(value, 'latin1') } : { key, value },
    append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
  }));
}
