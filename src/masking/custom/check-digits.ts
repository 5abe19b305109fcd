/**
 * Check-digit schemes an operator can ask a custom recognizer to verify. Each reads the digits
 * of the value (separators and letters around them are ignored), the last digit being the check.
 */
export type CheckDigitScheme = 'luhn' | 'mod11';

export const CHECK_DIGIT_SCHEMES = ['luhn', 'mod11'] as const satisfies readonly CheckDigitScheme[];

function digitsOf(value: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) out.push(c - 48);
  }
  return out;
}

/** Luhn (ISO/IEC 7812): card numbers, NPI with its prefix, many account numbers. */
export function luhnValid(value: string): boolean {
  const d = digitsOf(value);
  if (d.length < 2) return false;
  let sum = 0;
  for (let i = d.length - 1, double = false; i >= 0; i--, double = !double) {
    let x = d[i]!;
    if (double) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  return sum % 10 === 0;
}

/**
 * Mod 11 with weights 2, 3, 4, ... from the right over the digits before the check (the NHS
 * number and ISBN-10 scheme): check = (11 - sum mod 11) mod 11. A check of 10 is written `X`
 * (a trailing `X`/`x` after the digits); without it such a number is invalid.
 */
export function mod11Valid(value: string): boolean {
  const trimmed = value.trimEnd();
  const tenAsX = /[Xx]$/.test(trimmed);
  const d = digitsOf(tenAsX ? trimmed.slice(0, -1) : trimmed);
  const check = tenAsX ? 10 : d.pop();
  if (check === undefined || d.length < 1) return false;
  let sum = 0;
  for (let i = d.length - 1, w = 2; i >= 0; i--, w++) sum += d[i]! * w;
  return (11 - (sum % 11)) % 11 === check;
}

export function checkDigitValid(scheme: CheckDigitScheme, value: string): boolean {
  return scheme === 'luhn' ? luhnValid(value) : mod11Valid(value);
}

/** Appends a mod-11 check digit to `body` (tests and examples); undefined when it would be 10. */
export function withMod11(body: string): string | undefined {
  const d = digitsOf(body);
  let sum = 0;
  for (let i = d.length - 1, w = 2; i >= 0; i--, w++) sum += d[i]! * w;
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? undefined : `${body}${check}`;
}

/** Appends a Luhn check digit to `body` (tests and examples). */
export function withLuhn(body: string): string {
  for (let c = 0; c <= 9; c++) if (luhnValid(`${body}${c}`)) return `${body}${c}`;
  /* c8 ignore next */
  return body;
}
