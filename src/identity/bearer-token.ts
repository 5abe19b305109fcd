/** The token from a header value, without a case-insensitive `Bearer ` prefix; undefined when empty. */
export function extractBearerToken(headerValue: string | undefined): string | undefined {
  if (headerValue === undefined) return undefined;
  let value = headerValue.trim();
  if (/^bearer(?:\s|$)/i.test(value)) value = value.slice(6).trim();
  return value.length === 0 ? undefined : value;
}
