import { WardgateError, ErrorCode } from '../errors/wardgate-error.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (as `Array.prototype.sort`),
 * recursively, no whitespace; `undefined` members are left out as JSON.stringify does.
 * The hash chain is computed over this form, so both the writer and the verifier use it.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, undefined, '');
}

/**
 * Canonical JSON plus a deep copy of `value` made in the same pass (cheaper than a
 * JSON.parse of the text): the copy holds exactly what the text says, keys in canonical order.
 */
export function canonicalJsonWithCopy<T>(value: T): { json: string; copy: T } {
  const holder: { copy?: unknown } = {};
  const json = encode(value, holder, 'copy');
  return { json, copy: holder.copy as T };
}

type Container = Record<string, unknown> | unknown[];

// Strings JSON.stringify would leave untouched (no quote, backslash, control char or surrogate).
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must be excluded
const plainString = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

// An own `__proto__` member stays a member: plain assignment would set the copy's prototype.
function put(into: Container, key: string | number, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else (into as Record<string | number, unknown>)[key] = value;
}

// Encodes `value`; when `into` is given, also stores a copy of it at into[key].
function encode(value: unknown, into: Container | undefined, key: string | number): string {
  if (value === null || typeof value !== 'object') {
    const text = encodeScalar(value);
    // The copy holds what the text says: -0 is written as 0.
    if (into !== undefined) put(into, key, Object.is(value, -0) ? 0 : value);
    return text;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] | undefined = into === undefined ? undefined : [];
    if (into !== undefined) put(into, key, copy);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i > 0 ? ',' : '') + encode(item === undefined ? null : item, copy, i);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> | undefined = into === undefined ? undefined : {};
  if (into !== undefined) put(into, key, copy);
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const name of keys) {
    const member = record[name];
    if (member === undefined) continue;
    out += (first ? '' : ',') + encodeString(name) + ':' + encode(member, copy, name);
    first = false;
  }
  return out + '}';
}

function encodeScalar(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // NaN and Infinity have no JSON form; a silent `null` would hash something other than what was meant.
      if (!Number.isFinite(value)) throw new WardgateError(ErrorCode.InvalidArgument, 'canonical JSON cannot encode a non-finite number');
      return JSON.stringify(value);
    default:
      throw new WardgateError(ErrorCode.InvalidArgument, `canonical JSON cannot encode a ${typeof value}`);
  }
}

function encodeString(value: string): string {
  return plainString.test(value) ? '"' + value + '"' : JSON.stringify(value);
}
