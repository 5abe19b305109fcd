export type GraphqlTokenType = 'name' | 'punct' | 'string' | 'number' | 'spread';

export interface GraphqlToken {
  type: GraphqlTokenType;
  /** Names and punctuators as written; strings are not kept (variables and literals may hold PHI). */
  value: string;
}

/**
 * A lexer for the GraphQL executable grammar: `#` comments, commas (insignificant), strings with
 * escapes, block strings `"""` with `\"""`, names, numbers, `...` and punctuators.
 */
export class GraphqlTokenizer {
  private pos = 0;
  /** Set when a string ran to the end of the text. */
  unterminated = false;

  constructor(private readonly text: string) {}

  next(): GraphqlToken | undefined {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ',' || ch === '\uFEFF') {
        this.pos += 1;
        continue;
      }
      if (ch === '#') {
        while (this.pos < text.length && text[this.pos] !== '\n' && text[this.pos] !== '\r') this.pos += 1;
        continue;
      }
      if (ch === '"') {
        if (text.startsWith('"""', this.pos)) this.skipBlockString();
        else this.skipString();
        return { type: 'string', value: '' };
      }
      if (ch === '.' && text.startsWith('...', this.pos)) {
        this.pos += 3;
        return { type: 'spread', value: '...' };
      }
      const code = ch.charCodeAt(0);
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) {
        const start = this.pos;
        this.pos += 1;
        while (this.pos < text.length && /[A-Za-z0-9_]/.test(text[this.pos]!)) this.pos += 1;
        return { type: 'name', value: text.slice(start, this.pos) };
      }
      if ((code >= 48 && code <= 57) || ch === '-') {
        const start = this.pos;
        this.pos += 1;
        while (this.pos < text.length && /[0-9A-Za-z.+-]/.test(text[this.pos]!)) this.pos += 1;
        return { type: 'number', value: text.slice(start, this.pos) };
      }
      this.pos += 1;
      return { type: 'punct', value: ch };
    }
    return undefined;
  }

  private skipString(): void {
    const text = this.text;
    this.pos += 1;
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (ch === '\\') {
        this.pos += 2;
        continue;
      }
      this.pos += 1;
      if (ch === '"') return;
      // A plain string cannot span lines; treat the line end as its end.
      if (ch === '\n' || ch === '\r') return;
    }
    this.unterminated = true;
  }

  private skipBlockString(): void {
    const text = this.text;
    this.pos += 3;
    while (this.pos < text.length) {
      if (text.startsWith('\\"""', this.pos)) {
        this.pos += 4;
        continue;
      }
      if (text.startsWith('"""', this.pos)) {
        this.pos += 3;
        return;
      }
      this.pos += 1;
    }
    this.unterminated = true;
  }
}
