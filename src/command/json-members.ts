/**
 * The members of a JSON object as written, duplicates included: `JSON.parse` keeps the last of
 * a duplicated key while many servers keep the first, so Wardgate must see both. Reads text that
 * `JSON.parse` has accepted; keys are decoded (`"s\u0071l"` is `sql`).
 */
export type JsonMembers = Map<string, JsonMemberValue[]>;

/** A string member's value; other values are only marked present (`nonString`). */
export type JsonMemberValue = { kind: 'string'; value: string } | { kind: 'nonString' };

export interface JsonShape {
  /** The top-level object's members, keyed by their decoded name. */
  object?: JsonMembers;
  /** A top-level array: each element's members (undefined for elements that are no objects). */
  array?: Array<JsonMembers | undefined>;
}

const nonString: JsonMemberValue = Object.freeze({ kind: 'nonString' });

/**
 * The shape of text that `JSON.parse` turned into `parsed`: taken from `parsed` when the text
 * provably has no repeated key at any depth, else read again from the text (`jsonShape`).
 * The proof: without a backslash every `"` in the text delimits a string, so the text holds
 * (quotes / 2) strings; a key dropped by `JSON.parse` (and the strings of its value) would be
 * missing from `parsed`, so the counts agree exactly when nothing was dropped.
 */
export function jsonShapeOf(text: string, parsed: unknown): JsonShape {
  if (text.includes('\\') || countQuotes(text) !== 2 * stringsIn(parsed)) return jsonShape(text);
  if (Array.isArray(parsed)) return { array: parsed.map((item) => (isObject(item) ? membersOf(item) : undefined)) };
  return isObject(parsed) ? { object: membersOf(parsed) } : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function membersOf(object: Record<string, unknown>): JsonMembers {
  const members: JsonMembers = new Map();
  for (const key of Object.keys(object)) {
    const value = object[key];
    members.set(key, [typeof value === 'string' ? { kind: 'string', value } : nonString]);
  }
  return members;
}

function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count += 1;
  return count;
}

/** Past this depth the count gives up (NaN: the text is read again) rather than recurse on. */
const maxCountDepth = 64;

/** Keys and string values in a parsed JSON value, at every depth. */
function stringsIn(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 1;
  if (value === null || typeof value !== 'object') return 0;
  if (depth >= maxCountDepth) return Number.NaN;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += stringsIn(item, depth + 1);
    return count;
  }
  for (const key of Object.keys(value)) count += 1 + stringsIn((value as Record<string, unknown>)[key], depth + 1);
  return count;
}

export function jsonShape(text: string): JsonShape {
  const reader = new Reader(text);
  reader.space();
  const first = text[reader.pos];
  if (first === '{') return { object: reader.members() };
  if (first === '[') {
    const array: Array<JsonMembers | undefined> = [];
    reader.pos += 1;
    reader.space();
    if (text[reader.pos] === ']') return { array };
    for (;;) {
      reader.space();
      if (text[reader.pos] === '{') array.push(reader.members());
      else {
        reader.skipValue();
        array.push(undefined);
      }
      reader.space();
      if (text[reader.pos] !== ',') break;
      reader.pos += 1;
    }
    return { array };
  }
  return {};
}

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos += 1;
  }

  /** At `{`: reads the members up to the matching `}`. */
  members(): JsonMembers {
    const members: JsonMembers = new Map();
    this.pos += 1;
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return members;
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      this.pos += 1; // ':'
      this.space();
      const value: JsonMemberValue = this.text[this.pos] === '"' ? { kind: 'string', value: this.string() } : (this.skipValue(), nonString);
      const list = members.get(key);
      if (list) list.push(value);
      else members.set(key, [value]);
      this.space();
      if (this.text[this.pos] !== ',') break;
      this.pos += 1;
    }
    this.pos += 1; // '}'
    return members;
  }

  /** At `"`: the decoded string. */
  string(): string {
    const start = this.pos;
    this.pos += 1;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    this.pos += 1;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  skipValue(): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '"') {
        this.string();
        if (depth === 0) return;
        continue;
      }
      if (ch === '{' || ch === '[') depth += 1;
      else if (ch === '}' || ch === ']') {
        if (depth === 0) return;
        depth -= 1;
        if (depth === 0) {
          this.pos += 1;
          return;
        }
      } else if (ch === ',' && depth === 0) return;
      this.pos += 1;
    }
  }
}
