import { GraphqlTokenizer, type GraphqlToken } from './graphql-tokenizer.js';

export type GraphqlOperationType = 'query' | 'mutation' | 'subscription';

export interface GraphqlAnalysis {
  operation: GraphqlOperationType;
  operationName?: string;
  /** Top-level fields of the chosen operation (aliases resolved, top-level fragments expanded). */
  fields: string[];
  /** The text ended inside the document (cut body): fields may be missing. */
  incomplete: boolean;
  /** Several operations and no (matching) operationName: the most privileged kind and all fields are reported. */
  ambiguous: boolean;
}

export interface GraphqlLimits {
  /** @default 1_048_576 */
  maxChars?: number;
  /** Tokens read before giving up (the analysis is then `incomplete`). @default 200_000 */
  maxTokens?: number;
}

interface Operation {
  type: GraphqlOperationType;
  name?: string;
  selections: Selection[];
}

type Selection = { kind: 'field'; name: string } | { kind: 'spread'; fragment: string } | { kind: 'inline'; selections: Selection[] };

const operationRank: Record<GraphqlOperationType, number> = { query: 0, subscription: 1, mutation: 2 };
const maxFragmentDepth = 32;

class EndOfInput extends Error {}
class SyntaxProblem extends Error {}

/**
 * Parses a GraphQL document just enough to name the operation and its top-level fields.
 * Throws an Error (for the caller to fall back) when the text is not a GraphQL document.
 */
export function analyzeGraphql(input: string, operationName: string | undefined, limits: GraphqlLimits = {}): GraphqlAnalysis {
  const maxChars = limits.maxChars ?? 1_048_576;
  const text = input.length > maxChars ? input.slice(0, maxChars) : input;
  const parser = new Parser(new GraphqlTokenizer(text), limits.maxTokens ?? 200_000);
  let incomplete = input.length > maxChars;
  try {
    parser.document();
  } catch (error) {
    if (!(error instanceof EndOfInput)) throw error;
    incomplete = true;
  }
  const { operations, fragments } = parser;
  if (operations.length === 0) throw new SyntaxProblem('no GraphQL operation in the document');

  const named = operationName === undefined ? undefined : operations.find((op) => op.name === operationName);
  const chosen = named ?? (operations.length === 1 ? operations[0] : undefined);
  if (chosen) {
    const analysis: GraphqlAnalysis = { operation: chosen.type, fields: fieldsOf(chosen.selections, fragments), incomplete, ambiguous: false };
    if (chosen.name !== undefined) analysis.operationName = chosen.name;
    return analysis;
  }
  // The server would reject this; we still report the worst case rather than guess.
  let operation: GraphqlOperationType = 'query';
  const fields: string[] = [];
  for (const op of operations) {
    if (operationRank[op.type] > operationRank[operation]) operation = op.type;
    for (const field of fieldsOf(op.selections, fragments)) if (!fields.includes(field)) fields.push(field);
  }
  return { operation, fields, incomplete, ambiguous: true };
}

function fieldsOf(selections: readonly Selection[], fragments: ReadonlyMap<string, Selection[]>): string[] {
  const fields: string[] = [];
  const visit = (list: readonly Selection[], depth: number, active: Set<string>): void => {
    if (depth > maxFragmentDepth) return;
    for (const selection of list) {
      if (selection.kind === 'field') {
        if (!fields.includes(selection.name)) fields.push(selection.name);
      } else if (selection.kind === 'inline') {
        visit(selection.selections, depth + 1, active);
      } else {
        const fragment = fragments.get(selection.fragment);
        if (fragment === undefined || active.has(selection.fragment)) continue;
        active.add(selection.fragment);
        visit(fragment, depth + 1, active);
        active.delete(selection.fragment);
      }
    }
  };
  visit(selections, 0, new Set());
  return fields;
}

class Parser {
  readonly operations: Operation[] = [];
  readonly fragments = new Map<string, Selection[]>();
  private lookahead: GraphqlToken | undefined;
  private tokens = 0;

  constructor(
    private readonly tokenizer: GraphqlTokenizer,
    private readonly maxTokens: number,
  ) {
    this.lookahead = this.read();
  }

  private read(): GraphqlToken | undefined {
    this.tokens += 1;
    if (this.tokens > this.maxTokens) throw new EndOfInput();
    return this.tokenizer.next();
  }

  private peek(): GraphqlToken | undefined {
    return this.lookahead;
  }

  private take(): GraphqlToken {
    const token = this.lookahead;
    if (token === undefined) throw new EndOfInput();
    this.lookahead = this.read();
    return token;
  }

  private is(value: string): boolean {
    return this.lookahead !== undefined && this.lookahead.type !== 'string' && this.lookahead.value === value;
  }

  private expect(value: string): void {
    const token = this.take();
    if (token.value !== value || token.type === 'string') throw new SyntaxProblem(`expected ${value}`);
  }

  private name(): string {
    const token = this.take();
    if (token.type !== 'name') throw new SyntaxProblem('expected a name');
    return token.value;
  }

  document(): void {
    while (this.peek() !== undefined) this.definition();
  }

  private definition(): void {
    if (this.is('{')) {
      const op: Operation = { type: 'query', selections: [] };
      this.operations.push(op);
      this.selectionSet(op.selections);
      return;
    }
    const keyword = this.name();
    if (keyword === 'query' || keyword === 'mutation' || keyword === 'subscription') {
      const op: Operation = { type: keyword, selections: [] };
      if (this.peek()?.type === 'name') op.name = this.name();
      if (this.is('(')) this.skipBalanced('(', ')');
      this.directives();
      // Record before the selection set so a cut body still reports the operation.
      this.operations.push(op);
      this.selectionSet(op.selections);
      return;
    }
    if (keyword === 'fragment') {
      const name = this.name();
      const on = this.name();
      if (on !== 'on') throw new SyntaxProblem('expected on');
      this.name();
      this.directives();
      const selections: Selection[] = [];
      this.fragments.set(name, selections);
      this.selectionSet(selections);
      return;
    }
    throw new SyntaxProblem('not an executable GraphQL definition');
  }

  private selectionSet(into: Selection[] = []): Selection[] {
    this.expect('{');
    while (!this.is('}')) {
      if (this.peek()?.type === 'spread') {
        this.take();
        if (this.peek()?.type === 'name' && this.peek()!.value !== 'on') {
          into.push({ kind: 'spread', fragment: this.name() });
          this.directives();
        } else {
          if (this.is('on')) {
            this.take();
            this.name();
          }
          this.directives();
          const inline: Selection = { kind: 'inline', selections: [] };
          into.push(inline);
          this.selectionSet(inline.selections);
        }
        continue;
      }
      let name = this.name();
      if (this.is(':')) {
        this.take();
        name = this.name();
      }
      into.push({ kind: 'field', name });
      if (this.is('(')) this.skipBalanced('(', ')');
      this.directives();
      if (this.is('{')) this.skipBalanced('{', '}');
    }
    this.take();
    return into;
  }

  private directives(): void {
    while (this.is('@')) {
      this.take();
      this.name();
      if (this.is('(')) this.skipBalanced('(', ')');
    }
  }

  private skipBalanced(open: string, close: string): void {
    let depth = 0;
    do {
      const token = this.take();
      if (token.type === 'punct') {
        if (token.value === open) depth += 1;
        else if (token.value === close) depth -= 1;
      }
    } while (depth > 0);
  }
}
