/** Masks free text with the masking engine; `total` is how many values it masked. */
export type MaskFreeText = (text: string) => { output: string; total: number };

/** Percent-decoding rounds: `%2520` is decoded twice; a deeper nesting is masked whole. */
const MAX_DECODE_ROUNDS = 3;
/** A run this long of digits (separators aside) is an identifier: SSN, phone, MRN, account. */
const IDENTIFIER_DIGITS = /\d(?:[\s.\-_/()]*\d){6,}/;
const IDENTIFIER_DIGITS_ALL = new RegExp(IDENTIFIER_DIGITS.source, 'g');
/** What joins words in paths and query values besides spaces. */
const SEPARATORS = /[-_+~.,;:|=]+/g;
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_.[\]-]{0,63}$/;
const MASKED = '[REDACTED]';
const MAX_CLEAN_PARTS = 10_000;
const MAX_AUTHORITIES = 1_000;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * What audit events and logs record of a request's path, query and authority: decoded first
 * (percent-encoding, `+`, nested encodings up to a bound), then each path segment, query key
 * and query value is masked by the same engine as bodies, read three ways (as is, with `-`,
 * `_`, `.` and the like as spaces, and title-cased, so `jane-testperson` reads as a name),
 * and long digit runs count as identifiers. A part that needs masking is replaced whole.
 */
export class RequestRecorder {
  /** Parts found clean before (route words like `Patient`, `_history`): only clean parts are kept, so no PHI is. */
  private readonly clean = new Set<string>();
  /** Whole paths recorded as they are (every part clean): a route's paths repeat, and only clean ones are kept. */
  private readonly cleanPaths = new Set<string>();
  /** Authorities as recorded: a sidecar sees a handful, and each costs an engine call to judge. */
  private readonly authorities = new Map<string, string>();

  constructor(private readonly mask: MaskFreeText) {}

  path(path: string): string {
    if (this.cleanPaths.has(path)) return path;
    const recorded = path
      .split('/')
      .map((segment) => this.part(segment, false))
      .join('/');
    if (recorded === path) {
      if (this.cleanPaths.size >= MAX_CLEAN_PARTS) this.cleanPaths.clear();
      this.cleanPaths.add(path);
    }
    return recorded;
  }

  query(query: string): string {
    if (query === '') return '';
    return query
      .split(/[&;]/)
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq === -1 ? pair : pair.slice(0, eq);
        const recordedKey = this.key(key);
        return eq === -1 ? recordedKey : `${recordedKey}=${this.part(pair.slice(eq + 1), true)}`;
      })
      .join('&');
  }

  /** A host name or IP literal with an optional port is kept (lower-cased); anything else is masked. */
  authority(authority: string): string {
    const known = this.authorities.get(authority);
    if (known !== undefined) return known;
    const recorded = this.judgeAuthority(authority);
    if (this.authorities.size >= MAX_AUTHORITIES) this.authorities.clear();
    this.authorities.set(authority, recorded);
    return recorded;
  }

  private judgeAuthority(authority: string): string {
    const lower = authority.toLowerCase();
    const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(lower);
    if (!match) return MASKED;
    const host = match[1]!;
    const port = match[2] !== undefined ? `:${match[2]}` : '';
    if (host.startsWith('[')) return `${host}${port}`;
    const labels = host.replace(/\.$/, '').split('.');
    if (host.length > 253 || !labels.every((l) => HOST_LABEL.test(l))) return MASKED;
    if (this.needsMasking(labels.join(' '))) return `${MASKED}${port}`;
    return `${host}${port}`;
  }

  /**
   * A classified command (SQL, GraphQL) after the engine masked it: string literals are read
   * like path parts (glued and lower-case names), and long digit runs anywhere are identifiers.
   */
  command(masked: string): string {
    return masked
      .replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|\\.)*"/g, (literal) => {
        const quote = literal.charAt(0);
        const inner = literal.slice(1, -1);
        // A literal the engine masked in part (`[REDACTED:NAME].Testperson`) is masked whole.
        return inner.includes('[REDACTED') || this.needsMasking(inner) ? `${quote}${MASKED}${quote}` : literal;
      })
      .replace(IDENTIFIER_DIGITS_ALL, MASKED);
  }

  private key(raw: string): string {
    const decoded = decodeBounded(raw, true);
    return decoded !== undefined && SAFE_KEY.test(decoded) && !this.needsMasking(decoded) ? decoded : MASKED;
  }

  private part(raw: string, plusIsSpace: boolean): string {
    if (raw === '') return raw;
    const decoded = decodeBounded(raw, plusIsSpace);
    if (decoded === undefined || this.needsMasking(decoded)) return MASKED;
    // Decoded separators and controls are put back encoded so the record reads unambiguously.
    return decoded.replace(/[%/?#&=\s\p{Cc}]/gu, (c) => encodeURIComponent(c));
  }

  private needsMasking(text: string): boolean {
    if (IDENTIFIER_DIGITS.test(text)) return true;
    if (this.clean.has(text)) return false;
    const spaced = text.replace(SEPARATORS, ' ');
    // One engine call for the three readings, a line each (detectors do not join lines).
    if (this.mask(`${text}\n${spaced}\n${titleCase(spaced)}`).total > 0) return true;
    if (this.clean.size >= MAX_CLEAN_PARTS) this.clean.clear();
    this.clean.add(text);
    return false;
  }
}

/** Percent-decodes until stable, at most MAX_DECODE_ROUNDS times; undefined when still encoded or malformed. */
export function decodeBounded(raw: string, plusIsSpace: boolean): string | undefined {
  let text = plusIsSpace ? raw.replace(/\+/g, ' ') : raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    if (!/%[0-9a-fA-F]{2}/.test(text)) return text;
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  return /%[0-9a-fA-F]{2}/.test(text) ? undefined : text;
}

function titleCase(text: string): string {
  return text.replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}
