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

function isWordPart(code: number, tsql: boolean): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36 /* $ */ || (tsql && (code === 64 || code === 35));
}

/** `\XXXX`, `\+XXXXXX` and `\\` of a Postgres U&"..." identifier (the default escape character). */
function decodeUnicodeEscapes(raw: string): string {
  return raw.replace(/\\(?:\+([0-9A-Fa-f]{6})|([0-9A-Fa-f]{4})|(\\))/g, (_all, six: string | undefined, four: string | undefined) => {
    if (six === undefined && four === undefined) return '\\';
    const code = Number.parseInt((six ?? four)!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

// Punctuation and strings carry no value worth a fresh object: one frozen token each (tokens are read-only).
const openToken: SqlToken = Object.freeze({ type: 'open', value: '(' });
const closeToken: SqlToken = Object.freeze({ type: 'close', value: ')' });
const commaToken: SqlToken = Object.freeze({ type: 'comma', value: ',' });
const semicolonToken: SqlToken = Object.freeze({ type: 'semicolon', value: ';' });
const dotToken: SqlToken = Object.freeze({ type: 'dot', value: '.' });
const stringToken: SqlToken = Object.freeze({ type: 'string', value: '' });
const opTokens = new Map<number, SqlToken>();

function opToken(code: number): SqlToken {
  let token = opTokens.get(code);
  if (token === undefined) {
    token = Object.freeze({ type: 'op', value: String.fromCharCode(code) });
    // Only ASCII operators are kept; anything else is rare and would grow the map.
    if (code < 128) opTokens.set(code, token);
  }
  return token;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `[0-9A-Za-z_.]`: digits, exponents, hex and suffixes read as one number token. */
function isNumberPart(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 46;
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
    const length = text.length;
    for (;;) {
      if (this.pos >= length) return undefined;
      const code = text.charCodeAt(this.pos);
      if (isSpace(code)) {
        this.pos += 1;
        continue;
      }
      // NaN past the end: compares unequal to every code.
      const nextCode = text.charCodeAt(this.pos + 1);
      if (code === 45 /* - */ && nextCode === 45 && (this.dialect !== 'mysql' || this.pos + 2 >= length || text.charCodeAt(this.pos + 2) <= 32)) {
        this.skipLine();
        continue;
      }
      if (code === 35 /* # */ && this.dialect === 'mysql') {
        this.skipLine();
        continue;
      }
      if (code === 47 /* / */ && nextCode === 42 /* * */) {
        if (this.dialect === 'mysql' && text.charCodeAt(this.pos + 2) === 33 /* ! */) {
          // MySQL runs the body of /*! ... */ (optionally /*!50001 ...): it is code, not a comment.
          this.pos += 3;
          while (this.pos < length && isDigit(text.charCodeAt(this.pos))) this.pos += 1;
          this.inExecutableComment = true;
          continue;
        }
        this.skipBlockComment();
        continue;
      }
      if (code === 42 && nextCode === 47 && this.inExecutableComment) {
        this.inExecutableComment = false;
        this.pos += 2;
        continue;
      }
      return this.token(code, nextCode);
    }
  }

  private token(code: number, nextCode: number): SqlToken {
    const text = this.text;
    const start = this.pos;
    switch (code) {
      case 40 /* ( */:
        this.pos += 1;
        return openToken;
      case 41 /* ) */:
        this.pos += 1;
        return closeToken;
      case 44 /* , */:
        this.pos += 1;
        return commaToken;
      case 59 /* ; */:
        this.pos += 1;
        return semicolonToken;
      case 46 /* . */:
        if (isDigit(nextCode)) return this.number();
        this.pos += 1;
        return dotToken;
      case 39 /* ' */:
        this.pos += 1;
        this.skipQuoted("'", this.dialect === 'mysql');
        return stringToken;
      case 34 /* " */:
        this.pos += 1;
        if (this.dialect === 'mysql') {
          // Without ANSI_QUOTES, MySQL reads "..." as a string with backslash escapes.
          this.skipQuoted('"', true);
          return stringToken;
        }
        return { type: 'quoted', value: this.readQuotedIdentifier('"', '"') };
      case 96 /* ` */:
        if (this.dialect === 'mysql' || this.dialect === 'sqlite') {
          this.pos += 1;
          return { type: 'quoted', value: this.readQuotedIdentifier('`', '`') };
        }
        break;
      case 91 /* [ */:
        if (this.dialect === 'tsql' || this.dialect === 'sqlite') {
          this.pos += 1;
          return { type: 'quoted', value: this.readQuotedIdentifier(']', ']') };
        }
        break;
      case 36 /* $ */:
        if (this.dialect === 'postgres') {
          const dollar = this.dollarQuote();
          if (dollar) return dollar;
        }
        if (isDigit(nextCode)) {
          this.pos += 1;
          while (this.pos < text.length && isDigit(text.charCodeAt(this.pos))) this.pos += 1;
          return { type: 'param', value: text.slice(start, this.pos) };
        }
        break;
      default:
        break;
    }
    if (isDigit(code)) return this.number();
    if (isWordStart(code) || (this.dialect === 'tsql' && (code === 64 || code === 35))) {
      // E'...' (Postgres) takes backslash escapes; other prefixes (N, X, B) change nothing for us.
      if ((code === 101 || code === 69) && nextCode === 39 && this.dialect === 'postgres') {
        this.pos += 2;
        this.skipQuoted("'", true);
        return stringToken;
      }
      if ((code === 117 || code === 85) && nextCode === 38 /* & */ && text.charCodeAt(this.pos + 2) === 34 && this.dialect === 'postgres') {
        // U&"pg\005fsleep" is pg_sleep: decode the escapes so the name is seen as the server sees it.
        this.pos += 3;
        return { type: 'quoted', value: decodeUnicodeEscapes(this.readQuotedIdentifier('"', '"')) };
      }
      this.pos += 1;
      const tsql = this.dialect === 'tsql';
      while (this.pos < text.length && isWordPart(text.charCodeAt(this.pos), tsql)) this.pos += 1;
      return { type: 'word', value: text.slice(start, this.pos).toLowerCase() };
    }
    this.pos += 1;
    return opToken(code);
  }

  private number(): SqlToken {
    const start = this.pos;
    while (this.pos < this.text.length && isNumberPart(this.text.charCodeAt(this.pos))) this.pos += 1;
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
    const quoteCode = quote.charCodeAt(0);
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (backslashEscapes && code === 92 /* \\ */) {
        this.pos += 2;
        continue;
      }
      if (code === quoteCode) {
        if (text.charCodeAt(this.pos + 1) === quoteCode) {
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
    return stringToken;
  }
}
