import { WardgateError, ErrorCode } from '../errors/wardgate-error.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (as `Array.prototype.sort`),
 * recursively, no whitespace; `undefined` members are left out as JSON.stringify does.
 * The hash chain is computed over this form, so both the writer and the verifier use it.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      // NaN and Infinity have no JSON form; a silent `null` would hash something other than what was meant.
      if (!Number.isFinite(value)) throw new WardgateError(ErrorCode.InvalidArgument, 'canonical JSON cannot encode a non-finite number');
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw new WardgateError(ErrorCode.InvalidArgument, `canonical JSON cannot encode a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(',');
      write(item === undefined ? null : item, out);
    });
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(member, out);
  }
  out.push('}');
}
