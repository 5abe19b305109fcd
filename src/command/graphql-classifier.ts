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

/** Inline fragments are flattened into their enclosing list: their fields count at that level. */
type Selection = { kind: 'field'; name: string } | { kind: 'spread'; fragment: string };

/** Higher is more privileged; when several operations are reported, the highest names the kind. */
export const operationRank: Readonly<Record<GraphqlOperationType, number>> = { query: 0, subscription: 1, mutation: 2 };

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
    const analysis: GraphqlAnalysis = { operation: chosen.type, fields: fieldsOf([chosen.selections], fragments), incomplete, ambiguous: false };
    if (chosen.name !== undefined) analysis.operationName = chosen.name;
    return analysis;
  }
  // The server would reject this; we still report the worst case rather than guess.
  let operation: GraphqlOperationType = 'query';
  for (const op of operations) if (operationRank[op.type] > operationRank[operation]) operation = op.type;
  return { operation, fields: fieldsOf(operations.map((op) => op.selections), fragments), incomplete, ambiguous: true };
}

/**
 * Fields of the given selection lists in document order, top-level fragment spreads expanded.
 * Each fragment is expanded once (the result is a union, and re-expanding a fragment spread
 * twice in every fragment would cost 2^depth), and without recursion, so no chain is too deep.
 */
function fieldsOf(roots: ReadonlyArray<readonly Selection[]>, fragments: ReadonlyMap<string, Selection[]>): string[] {
  const fields = new Set<string>();
  const expanded = new Set<string>();
  const stack = roots.map((list) => ({ list, next: 0 })).reverse();
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const selection = top.list[top.next];
    if (selection === undefined) {
      stack.pop();
      continue;
    }
    top.next += 1;
    if (selection.kind === 'field') {
      fields.add(selection.name);
    } else if (!expanded.has(selection.fragment)) {
      expanded.add(selection.fragment);
      const fragment = fragments.get(selection.fragment);
      if (fragment !== undefined) stack.push({ list: fragment, next: 0 });
    }
  }
  return [...fields];
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

  /** Reads `{ ... }` into `into`; inline fragments are read in the same loop (no recursion to overflow). */
  private selectionSet(into: Selection[]): void {
    this.expect('{');
    let depth = 1;
    while (depth > 0) {
      if (this.is('}')) {
        this.take();
        depth -= 1;
        continue;
      }
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
          this.expect('{');
          depth += 1;
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
