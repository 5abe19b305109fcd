/**
 * A label starts a word at `i`: no letter before it, or a camelCase joint (a capital after a
 * lower-case letter: "visitMRN", "homeZip"). A digit or `_` before it is no part of the label
 * ("02115MRN: 1234"), as our own blanked output (`_`) is not: both passes read it alike.
 */
export function startsWord(text: string, i: number): boolean {
  if (i === 0) return true;
  const p = text.charCodeAt(i - 1);
  if (!isAsciiLetter(p)) return true;
  const c = text.charCodeAt(i);
  return isLowerAscii(p) && c >= 65 && c <= 90;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}
