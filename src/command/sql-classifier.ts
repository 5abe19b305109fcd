import type { SqlStatement, SqlStatementKind } from './command.js';
import { SqlTokenizer, type SqlDialect, type SqlToken } from './sql-tokenizer.js';

export interface SqlAnalysis {
  statements: SqlStatement[];
  /** Input or statement limits were hit: statements beyond what is listed are unknown. */
  truncated: boolean;
  /** Several dialects read the text differently; statements are the union of their readings. */
  ambiguous: boolean;
}

export interface SqlClassifierLimits {
  /** Characters analysed; the rest is ignored and `truncated` set. @default 1_048_576 */
  maxChars?: number;
  /** Statements analysed per dialect. @default 1000 */
  maxStatements?: number;
}

const firstKeywordKinds: Readonly<Record<string, SqlStatementKind>> = {
  select: 'select', values: 'select', table: 'select',
  insert: 'insert', replace: 'insert', upsert: 'insert',
  update: 'update',
  delete: 'delete',
  merge: 'merge',
  create: 'ddl', alter: 'ddl', drop: 'ddl', truncate: 'ddl', comment: 'ddl', rename: 'ddl',
  grant: 'grant',
  revoke: 'revoke',
  begin: 'transaction', start: 'transaction', commit: 'transaction', rollback: 'transaction', savepoint: 'transaction',
  release: 'transaction', end: 'transaction', abort: 'transaction',
  call: 'call', exec: 'call', execute: 'call', do: 'call',
  copy: 'copy',
  set: 'set', reset: 'set',
  show: 'show', describe: 'show', desc: 'show',
  explain: 'explain',
};

/** Words that can start the statement an EXPLAIN, PREPARE or WITH wraps. */
const innerStatementStarts = new Set(['select', 'values', 'table', 'insert', 'update', 'delete', 'merge', 'with', 'create', 'declare', 'execute', 'replace']);
const dataModifying = new Set(['insert', 'update', 'delete', 'merge']);
const queryGroupStarts = new Set(['select', 'with', 'values', 'table', 'insert', 'update', 'delete', 'merge']);
/** Words that end a FROM item (so are not an alias). */
const clauseWords = new Set([
  'where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'outer', 'on', 'using', 'group', 'order', 'having',
  'limit', 'offset', 'fetch', 'for', 'union', 'intersect', 'except', 'window', 'returning', 'set', 'values', 'select',
  'lateral', 'tablesample', 'when', 'then', 'into', 'from', 'straight_join', 'partition', 'use', 'force', 'ignore', 'with',
  'do', 'cascade', 'restrict', 'to', 'as', 'only', 'default', 'option', 'nowait', 'skip', 'and', 'or', 'not', 'is', 'in',
]);
const notTableNames = new Set(['on', 'to', 'from', 'select', 'values', 'where', 'set', 'default', 'lateral', 'only', 'table', 'if', 'not', 'exists', 'all']);

/** Analyses SQL text into statements (kind + tables) in every relevant dialect and merges the readings. */
export function analyzeSql(input: string, limits: SqlClassifierLimits = {}): SqlAnalysis {
  const maxChars = limits.maxChars ?? 1_048_576;
  const maxStatements = limits.maxStatements ?? 1000;
  const text = input.length > maxChars ? input.slice(0, maxChars) : input;
  let truncated = input.length > maxChars;

  const dialects: SqlDialect[] = ['postgres'];
  if (/[\\#"`]|\/\*|--/.test(text)) dialects.push('mysql');
  if (text.includes('[')) dialects.push('tsql');

  const statements: SqlStatement[] = [];
  const seen = new Set<string>();
  let readings = 0;
  let firstReading = '';
  let ambiguous = false;
  for (const dialect of dialects) {
    const reading = analyzeDialect(text, dialect, maxStatements);
    truncated ||= reading.truncated;
    const signature = reading.statements.map(statementKey).join(';');
    if (readings === 0) firstReading = signature;
    else if (signature !== firstReading) ambiguous = true;
    readings += 1;
    for (const statement of reading.statements) {
      const key = statementKey(statement);
      if (seen.has(key)) continue;
      seen.add(key);
      statements.push(statement);
    }
  }
  return { statements, truncated, ambiguous };
}

function statementKey(statement: SqlStatement): string {
  return `${statement.kind}:${statement.tables.join(',')}`;
}

function analyzeDialect(text: string, dialect: SqlDialect, maxStatements: number): { statements: SqlStatement[]; truncated: boolean } {
  const tokenizer = new SqlTokenizer(text, dialect);
  const statements: SqlStatement[] = [];
  let current: SqlToken[] = [];
  let count = 0;
  for (let token = tokenizer.next(); ; token = tokenizer.next()) {
    if (token === undefined || token.type === 'semicolon') {
      if (current.length > 0) {
        count += 1;
        if (count > maxStatements) return { statements, truncated: true };
        statements.push(...analyzeStatement(current));
        current = [];
      }
      if (token === undefined) break;
      continue;
    }
    current.push(token);
  }
  return { statements, truncated: false };
}

/** One statement's tokens -> its own kind first, then the kinds it embeds (EXPLAIN'd, data-modifying CTEs). */
export function analyzeStatement(tokens: readonly SqlToken[]): SqlStatement[] {
  let start = 0;
  while (tokens[start]?.type === 'open') start += 1;
  const first = tokens[start];
  if (first === undefined) return [];
  if (first.type !== 'word') return [{ kind: 'other', tables: [] }];

  const cteNames = new Set<string>();
  let kindWord = first.value;
  let kind = kindOf(tokens, start);
  const embedded: SqlStatement[] = [];

  if (first.value === 'with') {
    const main = skipCteList(tokens, start + 1, cteNames);
    const word = tokens[main];
    kindWord = word?.type === 'word' ? word.value : '';
    kind = word === undefined ? 'other' : kindOf(tokens, main);
  } else if (first.value === 'explain' || (first.value === 'prepare' && kind === 'other')) {
    // EXPLAIN ANALYZE runs the statement, and PREPARE defines one to run later: report both kinds.
    for (let i = start + 1; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      if (token.type === 'word' && innerStatementStarts.has(token.value) && tokens[i - 1]?.type !== 'open') {
        embedded.push(...analyzeStatement(tokens.slice(i)));
        break;
      }
      if (token.type === 'open' && first.value === 'explain' && i === start + 1) i = skipGroup(tokens, i);
    }
  }

  const scan = scanTables(tokens, start, first.value === 'with' ? kindWord : first.value, kind, cteNames);
  return [{ kind, tables: scan.tables }, ...embedded, ...scan.nested];
}

function kindOf(tokens: readonly SqlToken[], index: number): SqlStatementKind {
  const word = tokens[index]!.value;
  const second = tokens[index + 1];
  const secondWord = second?.type === 'word' ? second.value : '';
  if (word === 'prepare') return secondWord === 'transaction' ? 'transaction' : 'other';
  if (word === 'load') return secondWord === 'data' || secondWord === 'xml' ? 'copy' : 'other';
  if (word === 'set' && secondWord === 'transaction') return 'transaction';
  if (word === 'start' && secondWord !== 'transaction') return 'other';
  return firstKeywordKinds[word] ?? 'other';
}

/** Skips `[RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (...) [, ...]`; returns the main statement's index. */
function skipCteList(tokens: readonly SqlToken[], index: number, cteNames: Set<string>): number {
  let i = index;
  if (tokens[i]?.type === 'word' && tokens[i]!.value === 'recursive') i += 1;
  for (;;) {
    const name = tokens[i];
    if (name === undefined) return i;
    if (name.type === 'word' || name.type === 'quoted') {
      cteNames.add(name.type === 'word' ? name.value : name.value.toLowerCase());
      i += 1;
    }
    if (tokens[i]?.type === 'open') i = skipGroup(tokens, i) + 1;
    if (tokens[i]?.type === 'word' && tokens[i]!.value === 'as') i += 1;
    while (tokens[i]?.type === 'word' && (tokens[i]!.value === 'not' || tokens[i]!.value === 'materialized')) i += 1;
    if (tokens[i]?.type !== 'open') return i;
    i = skipGroup(tokens, i) + 1;
    // SEARCH / CYCLE clauses sit between CTEs; skip words until a comma or the main statement.
    while (tokens[i] !== undefined && tokens[i]!.type !== 'comma' && !(tokens[i]!.type === 'word' && queryGroupStarts.has(tokens[i]!.value) && tokens[i]!.value !== 'with')) {
      if (tokens[i]!.type === 'open') i = skipGroup(tokens, i);
      i += 1;
    }
    if (tokens[i]?.type !== 'comma') return i;
    i += 1;
  }
}

/** Index of the `)` closing the group opened at `index` (or the last token when unbalanced). */
function skipGroup(tokens: readonly SqlToken[], index: number): number {
  let depth = 0;
  for (let i = index; i < tokens.length; i += 1) {
    const type = tokens[i]!.type;
    if (type === 'open') depth += 1;
    else if (type === 'close') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return tokens.length - 1;
}

interface TableScan {
  tables: string[];
  nested: SqlStatement[];
}

interface Group {
  query: boolean;
  /** A parenthesised INSERT/UPDATE/DELETE/MERGE (data-modifying CTE or subquery). */
  nested?: { kind: SqlStatementKind; tables: string[] };
  /** `nested.tables` as a set; only the first MAX_TRACKED_NESTED data-modifying groups list their tables. */
  nestedSeen?: Set<string>;
}

/**
 * Data-modifying groups whose own table lists are kept. Each table counts in every enclosing
 * group, so nested groups cost groups x tables: a 64 KiB body of nested INSERTs took seconds.
 * Groups past the cap still report their kind, and every table still counts for the statement
 * (policy matching reads the union), so decisions do not change.
 */
const MAX_TRACKED_NESTED = 64;

/**
 * Collects tables after FROM/JOIN/INTO/UPDATE/TABLE/TRUNCATE/USING/REFERENCES/ON (GRANT, CREATE INDEX)
 * anywhere in the statement, skipping function-call parentheses (EXTRACT(x FROM y) is no table).
 */
function scanTables(tokens: readonly SqlToken[], start: number, firstWord: string, kind: SqlStatementKind, cteNames: ReadonlySet<string>): TableScan {
  const seen = new Set<string>();
  const nested: SqlStatement[] = [];
  const stack: Group[] = [{ query: true }];
  /** Open groups that list their tables (innermost last). */
  const tracking: Group[] = [];
  let trackedCount = 0;
  const isIndexDdl = kind === 'ddl' && tokens.some((t) => t.type === 'word' && (t.value === 'index' || t.value === 'trigger' || t.value === 'policy'));

  const add = (name: string | undefined): void => {
    if (name === undefined || (!name.includes('.') && cteNames.has(name))) return;
    seen.add(name);
    for (const group of tracking) {
      if (group.nestedSeen!.has(name)) continue;
      group.nestedSeen!.add(name);
      group.nested!.tables.push(name);
    }
  };

  for (let i = start; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.type === 'open') {
      const next = tokens[i + 1];
      const nextWord = next?.type === 'word' ? next.value : '';
      const group: Group = { query: queryGroupStarts.has(nextWord) || next?.type === 'open' };
      if (dataModifying.has(nextWord)) {
        group.nested = { kind: firstKeywordKinds[nextWord]!, tables: [] };
        if (trackedCount < MAX_TRACKED_NESTED) {
          trackedCount += 1;
          group.nestedSeen = new Set();
          tracking.push(group);
        }
      }
      stack.push(group);
      continue;
    }
    if (token.type === 'close') {
      const group = stack.length > 1 ? stack.pop() : undefined;
      if (group?.nested) nested.push(group.nested);
      if (group?.nestedSeen) tracking.pop();
      continue;
    }
    if (token.type !== 'word') continue;
    // Column definitions are no query context, but their REFERENCES name a table.
    if (token.value === 'references') {
      readTableList(tokens, i + 1, false, add, false);
      continue;
    }
    if (kind === 'grant' || kind === 'revoke') {
      // Privilege lists (`GRANT SELECT, UPDATE ON t`) and grantees (`FROM public`) are no tables.
      if (token.value === 'on') readTableList(tokens, i + 1, false, add);
      continue;
    }
    if (!stack[stack.length - 1]!.query) continue;
    const previous = tokens[i - 1];
    const previousWord = previous?.type === 'word' ? previous.value : '';
    switch (token.value) {
      case 'from':
        if (previousWord !== 'distinct') readTableList(tokens, i + 1, true, add);
        break;
      case 'join':
      case 'straight_join':
        readTableList(tokens, i + 1, true, add, false);
        break;
      case 'into':
        readTableList(tokens, i + 1, false, add, false);
        break;
      case 'update':
        if (!['for', 'do', 'key', 'on', 'no'].includes(previousWord)) readTableList(tokens, i + 1, false, add, false);
        break;
      case 'table':
      case 'truncate':
      case 'view':
        readTableList(tokens, i + 1, false, add);
        break;
      case 'using':
        if (firstWord === 'delete' || firstWord === 'merge') readTableList(tokens, i + 1, true, add, false);
        break;
      case 'on':
        if (isIndexDdl) readTableList(tokens, i + 1, false, add, false);
        break;
      case 'copy':
      case 'describe':
      case 'desc':
        if (i === start) readTableList(tokens, i + 1, false, add, false);
        break;
      default:
        break;
    }
  }
  // Unbalanced parentheses (cut text): still report the data-modifying groups opened.
  for (const group of stack) if (group.nested) nested.push(group.nested);
  return { tables: [...seen], nested };
}

/** Reads `name [AS alias] [, name ...]`; `functionsAreNotTables` skips `name(...)` (table functions). */
function readTableList(
  tokens: readonly SqlToken[],
  index: number,
  functionsAreNotTables: boolean,
  add: (name: string | undefined) => void,
  list = true,
): void {
  let i = index;
  for (;;) {
    while (tokens[i]?.type === 'word' && ['only', 'lateral', 'if', 'not', 'exists', 'table', 'all', 'tables', 'in', 'schema', 'ignore', 'low_priority', 'quick', 'concurrently', 'unique'].includes(tokens[i]!.value)) {
      i += 1;
    }
    const name = readQualifiedName(tokens, i);
    if (name === undefined) return;
    i = name.next;
    if (tokens[i]?.type === 'open') {
      if (functionsAreNotTables) {
        i = skipGroup(tokens, i) + 1;
      } else {
        add(name.value);
        return;
      }
    } else {
      add(name.value);
    }
    if (!list) return;
    // Optional alias, then optional column aliases.
    if (tokens[i]?.type === 'word' && tokens[i]!.value === 'as') i += 1;
    const alias = tokens[i];
    if (alias && (alias.type === 'quoted' || (alias.type === 'word' && !clauseWords.has(alias.value)))) i += 1;
    if (tokens[i]?.type === 'open') i = skipGroup(tokens, i) + 1;
    if (tokens[i]?.type !== 'comma') return;
    i += 1;
  }
}

function readQualifiedName(tokens: readonly SqlToken[], index: number): { value: string; next: number } | undefined {
  const parts: string[] = [];
  let i = index;
  for (;;) {
    const token = tokens[i];
    if (token === undefined) break;
    if (token.type === 'word') {
      if (parts.length === 0 && notTableNames.has(token.value)) return undefined;
      parts.push(token.value);
    } else if (token.type === 'quoted') {
      parts.push(token.value);
    } else {
      break;
    }
    i += 1;
    if (tokens[i]?.type !== 'dot') break;
    i += 1;
  }
  if (parts.length === 0) return undefined;
  return { value: parts.join('.'), next: i };
}
