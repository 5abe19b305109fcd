/**
 * Three-digit ZIP prefixes whose combined population is 20,000 or fewer (2000 census, the
 * list HHS publishes for Safe Harbor): these must become `000`.
 */
const restrictedZip3 = new Set(['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893']);

/** The Safe Harbor ZIP3 of a ZIP or ZIP+4, or undefined when `zip` is not one. */
export function safeHarborZip3(zip: string): string | undefined {
  const match = /^\s*(\d{3})\d{2}(?:-?\d{4})?\s*$/.exec(zip);
  if (!match) return undefined;
  const zip3 = match[1]!;
  return restrictedZip3.has(zip3) ? '000' : zip3;
}
