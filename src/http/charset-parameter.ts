/** What a Content-Type header says about its charset. */
export type CharsetParameter =
  | { kind: 'absent' }
  | { kind: 'present'; value: string }
  /** Said twice with different values, or unparseable: a client may read either, so callers refuse it. */
  | { kind: 'ambiguous' };

/**
 * The `charset` parameter of a Content-Type header (RFC 9110 §5.6.6): parameter names are
 * case-insensitive, values may be quoted strings with backslash escapes; the value is
 * returned trimmed and lower case.
 */
export function charsetParameterOf(contentType: string | undefined): CharsetParameter {
  if (contentType === undefined) return { kind: 'absent' };
  let value: string | undefined;
  let at = contentType.indexOf(';');
  while (at !== -1 && at < contentType.length) {
    at += 1;
    const eq = contentType.indexOf('=', at);
    const semi = contentType.indexOf(';', at);
    if (eq === -1 || (semi !== -1 && semi < eq)) {
      at = semi;
      continue;
    }
    const name = contentType.slice(at, eq).trim().toLowerCase();
    let raw: string;
    let i = eq + 1;
    while (contentType[i] === ' ' || contentType[i] === '\t') i++;
    if (contentType[i] === '"') {
      raw = '';
      i++;
      for (; i < contentType.length && contentType[i] !== '"'; i++) {
        if (contentType[i] === '\\') i++;
        raw += contentType[i] ?? '';
      }
      if (i >= contentType.length) return name === 'charset' ? { kind: 'ambiguous' } : value === undefined ? { kind: 'absent' } : { kind: 'present', value };
      at = contentType.indexOf(';', i);
    } else {
      at = contentType.indexOf(';', i);
      raw = contentType.slice(i, at === -1 ? undefined : at);
    }
    if (name !== 'charset') continue;
    const normalised = raw.trim().toLowerCase();
    if (value !== undefined && value !== normalised) return { kind: 'ambiguous' };
    value = normalised;
  }
  return value === undefined ? { kind: 'absent' } : { kind: 'present', value };
}
