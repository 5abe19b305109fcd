import { charsetParameterOf } from '../../http/charset-parameter.js';

/** The charsets Wardgate decodes a body from and encodes the masked body back into. */
export type BodyCharset = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';

/**
 * What a response declares: nothing (a BOM decides, else UTF-8), one charset, or `utf-16`
 * without a byte order (a BOM must say which; RFC 2781 reads BE, browsers read LE, so
 * guessing could mask one reading while the client uses the other).
 */
export type DeclaredCharset = { kind: 'undeclared' } | { kind: 'charset'; charset: BodyCharset } | { kind: 'utf-16' };

// Labels from the WHATWG Encoding Standard for the charsets above. US-ASCII is read as
// windows-1252 (its superset, as browsers do), so no byte is lost or reinterpreted.
const labels: ReadonlyMap<string, BodyCharset> = new Map([
  ...['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8'].map((l) => [l, 'utf-8'] as const),
  ...['utf-16le'].map((l) => [l, 'utf-16le'] as const),
  ...['utf-16be', 'unicodefffe'].map((l) => [l, 'utf-16be'] as const),
  ...['windows-1252', 'cp1252', 'x-cp1252'].map((l) => [l, 'windows-1252'] as const),
  ...['us-ascii', 'ascii', 'ansi_x3.4-1968', 'ansi_x3.4-1986', 'iso-ir-6', 'iso_646.irv:1991', 'iso646-us', 'us', 'ibm367', 'cp367', 'csascii'].map(
    (l) => [l, 'windows-1252'] as const,
  ),
  ...['iso-8859-1', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'latin1', 'l1', 'iso-ir-100', 'ibm819', 'cp819', 'csisolatin1'].map(
    (l) => [l, 'iso-8859-1'] as const,
  ),
]);

/** The charset a Content-Type declares, or undefined when Wardgate cannot decode it (to be blocked). */
export function declaredCharsetOf(contentType: string | undefined): DeclaredCharset | undefined {
  const parameter = charsetParameterOf(contentType);
  if (parameter.kind === 'absent') return { kind: 'undeclared' };
  if (parameter.kind === 'ambiguous') return undefined;
  if (parameter.value === 'utf-16') return { kind: 'utf-16' };
  const charset = labels.get(parameter.value);
  return charset === undefined ? undefined : { kind: 'charset', charset };
}
