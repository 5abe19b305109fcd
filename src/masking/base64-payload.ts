/** Characters of base64 and base64url. */
export function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61 || c === 45 || c === 95;
}

/**
 * `text[from, to)` is made of base64 characters only and mixes upper case, lower case and
 * digits, as encoded binary does (a long word or number does not).
 */
export function isBase64Payload(text: string, from: number, to: number): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 48 && c <= 57) digit = true;
    else if (!isBase64Char(c)) return false;
  }
  return upper && lower && digit;
}
