/**
 * A lexer for SQL as the common servers read it. Three dialects differ in exactly the places an
 * attacker would use to hide a statement from us, so the classifier runs every dialect whose
 * special characters appear in the text and reports the union.
 * - `postgres`: nested block comments, dollar quotes, E'' strings with backslash escapes, "ident".
 * - `mysql`: `#` comments, `-- ` needs a space, `/*! ... *\/` bodies are code, backslash escapes
 *   in '...' and "..." strings, `backtick` identifiers.
 * - `tsql`: [bracket] identifiers, nested block comments, "ident"; statements need no `;`.
 * - `sqlite`: "ident", [bracket] and `backtick` identifiers, block comments do not nest, no
 *   backslash escapes.
 */
export type SqlDialect = 'postgres' | 'mysql' | 'tsql' | 'sqlite';

export const sqlDialects: readonly SqlDialect[] = ['postgres', 'mysql', 'tsql', 'sqlite'];

export type SqlTokenType = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'open' | 'close' | 'comma' | 'dot' | 'semicolon' | 'op';

export interface SqlToken {
  type: SqlTokenType;
  /** Words lower-cased; quoted identifiers unescaped with case kept; strings are not kept (PHI). */
  value: string;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x3000;
}

function isWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

function isWordPart(code: number, dialect: SqlDialect): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36 /* $ */ || (dialect === 'tsql' && (code === 64 || code === 35));
}

/** `\XXXX`, `\+XXXXXX` and `\\` of a Postgres U&"..." identifier (the default escape character). */
function decodeUnicodeEscapes(raw: string): string {
  return raw.replace(/\\(?:\+([0-9A-Fa-f]{6})|([0-9A-Fa-f]{4})|(\\))/g, (_all, six: string | undefined, four: string | undefined) => {
    if (six === undefined && four === undefined) return '\\';
    const code = Number.parseInt((six ?? four)!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

export class SqlTokenizer {
  private pos = 0;
  /** Inside a MySQL `/*! ... *\/` executable comment. */
  private inExecutableComment = false;
  /** Set when a string, comment or quoted identifier ran to the end of the text. */
  unterminated = false;

  constructor(
    private readonly text: string,
    private readonly dialect: SqlDialect,
  ) {}

  next(): SqlToken | undefined {
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) return undefined;
      const ch = text[this.pos]!;
      const nextCh = text[this.pos + 1];
      if (isSpace(ch.charCodeAt(0))) {
        this.pos += 1;
        continue;
      }
      if (ch === '-' && nextCh === '-' && (this.dialect !== 'mysql' || this.pos + 2 >= text.length || text.charCodeAt(this.pos + 2) <= 32)) {
        this.skipLine();
        continue;
      }
      if (ch === '#' && this.dialect === 'mysql') {
        this.skipLine();
        continue;
      }
      if (ch === '/' && nextCh === '*') {
        if (this.dialect === 'mysql' && text[this.pos + 2] === '!') {
          // MySQL runs the body of /*! ... */ (optionally /*!50001 ...): it is code, not a comment.
          this.pos += 3;
          while (this.pos < text.length && /[0-9]/.test(text[this.pos]!)) this.pos += 1;
          this.inExecutableComment = true;
          continue;
        }
        this.skipBlockComment();
        continue;
      }
      if (ch === '*' && nextCh === '/' && this.inExecutableComment) {
        this.inExecutableComment = false;
        this.pos += 2;
        continue;
      }
      return this.token(ch, nextCh);
    }
  }

  private token(ch: string, nextCh: string | undefined): SqlToken {
    const text = this.text;
    const start = this.pos;
    switch (ch) {
      case '(':
        this.pos += 1;
        return { type: 'open', value: ch };
      case ')':
        this.pos += 1;
        return { type: 'close', value: ch };
      case ',':
        this.pos += 1;
        return { type: 'comma', value: ch };
      case ';':
        this.pos += 1;
        return { type: 'semicolon', value: ch };
      case '.':
        if (nextCh !== undefined && /[0-9]/.test(nextCh)) return this.number();
        this.pos += 1;
        return { type: 'dot', value: ch };
      case "'":
        this.pos += 1;
        this.skipQuoted("'", this.dialect === 'mysql');
        return { type: 'string', value: '' };
      case '"':
        this.pos += 1;
        if (this.dialect === 'mysql') {
          // Without ANSI_QUOTES, MySQL reads "..." as a string with backslash escapes.
          this.skipQuoted('"', true);
          return { type: 'string', value: '' };
        }
        return { type: 'quoted', value: this.readQuotedIdentifier('"', '"') };
      case '`':
        if (this.dialect === 'mysql' || this.dialect === 'sqlite') {
          this.pos += 1;
          return { type: 'quoted', value: this.readQuotedIdentifier('`', '`') };
        }
        break;
      case '[':
        if (this.dialect === 'tsql' || this.dialect === 'sqlite') {
          this.pos += 1;
          return { type: 'quoted', value: this.readQuotedIdentifier(']', ']') };
        }
        break;
      case '$':
        if (this.dialect === 'postgres') {
          const dollar = this.dollarQuote();
          if (dollar) return dollar;
        }
        if (nextCh !== undefined && /[0-9]/.test(nextCh)) {
          this.pos += 1;
          while (this.pos < text.length && /[0-9]/.test(text[this.pos]!)) this.pos += 1;
          return { type: 'param', value: text.slice(start, this.pos) };
        }
        break;
      default:
        break;
    }
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) return this.number();
    if (isWordStart(code) || (this.dialect === 'tsql' && (code === 64 || code === 35))) {
      // E'...' (Postgres) takes backslash escapes; other prefixes (N, X, B) change nothing for us.
      if ((ch === 'e' || ch === 'E') && nextCh === "'" && this.dialect === 'postgres') {
        this.pos += 2;
        this.skipQuoted("'", true);
        return { type: 'string', value: '' };
      }
      if ((ch === 'u' || ch === 'U') && nextCh === '&' && text[this.pos + 2] === '"' && this.dialect === 'postgres') {
        // U&"pg\005fsleep" is pg_sleep: decode the escapes so the name is seen as the server sees it.
        this.pos += 3;
        return { type: 'quoted', value: decodeUnicodeEscapes(this.readQuotedIdentifier('"', '"')) };
      }
      this.pos += 1;
      while (this.pos < text.length && isWordPart(text.charCodeAt(this.pos), this.dialect)) this.pos += 1;
      return { type: 'word', value: text.slice(start, this.pos).toLowerCase() };
    }
    this.pos += 1;
    return { type: 'op', value: ch };
  }

  private number(): SqlToken {
    const start = this.pos;
    while (this.pos < this.text.length && /[0-9A-Za-z_.]/.test(this.text[this.pos]!)) this.pos += 1;
    return { type: 'number', value: this.text.slice(start, this.pos) };
  }

  private skipLine(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end === -1 ? this.text.length : end + 1;
  }

  private skipBlockComment(): void {
    const text = this.text;
    const nested = this.dialect !== 'mysql' && this.dialect !== 'sqlite';
    let depth = 0;
    while (this.pos < text.length) {
      if (text[this.pos] === '/' && text[this.pos + 1] === '*') {
        depth += 1;
        this.pos += 2;
        if (!nested && depth > 1) depth = 1;
      } else if (text[this.pos] === '*' && text[this.pos + 1] === '/') {
        depth -= 1;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        this.pos += 1;
      }
    }
    this.unterminated = true;
  }

  /** Skips to after the closing quote; a doubled quote is an escaped quote. */
  private skipQuoted(quote: string, backslashEscapes: boolean): void {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (backslashEscapes && ch === '\\') {
        this.pos += 2;
        continue;
      }
      if (ch === quote) {
        if (text[this.pos + 1] === quote) {
          this.pos += 2;
          continue;
        }
        this.pos += 1;
        return;
      }
      this.pos += 1;
    }
    this.pos = text.length;
    this.unterminated = true;
  }

  private readQuotedIdentifier(close: string, escape: string): string {
    const text = this.text;
    let value = '';
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (ch === close) {
        if (text[this.pos + 1] === escape) {
          value += escape;
          this.pos += 2;
          continue;
        }
        this.pos += 1;
        return value;
      }
      value += ch;
      this.pos += 1;
    }
    this.unterminated = true;
    return value;
  }

  /** `$tag$ ... $tag$` (tag may be empty); undefined when `$` does not open one. */
  private dollarQuote(): SqlToken | undefined {
    const text = this.text;
    const match = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(this.pos, this.pos + 66));
    if (!match) return undefined;
    const tag = match[0];
    const end = text.indexOf(tag, this.pos + tag.length);
    if (end === -1) {
      this.pos = text.length;
      this.unterminated = true;
    } else {
      this.pos = end + tag.length;
    }
    return { type: 'string', value: '' };
  }
}
