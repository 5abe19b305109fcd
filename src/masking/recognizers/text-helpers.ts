/** The `width` characters before `index` (fewer at the start). */
export function lookbehind(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index);
}

export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isAsciiDigit(s.charCodeAt(i))) n++;
  return n;
}

/** A capital letter in any script (`[A-Z]`, or a character whose lower case differs). */
export function hasCapital(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c > 127 && text[i]!.toLowerCase() !== text[i]) return true;
  }
  return false;
}
