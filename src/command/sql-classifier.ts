import { sqlFunctionCatalogue, type SqlEffect, type SqlFunctionCatalogue } from './catalogue/sql-function-catalogue.js';
import type { SqlStatement, SqlStatementKind, UnclassifiableReason } from './command.js';
import { sqlDialects, SqlTokenizer, type SqlDialect, type SqlToken } from './sql-tokenizer.js';

export interface SqlAnalysis {
  statements: SqlStatement[];
  /** Input or statement limits were hit: statements beyond what is listed are unknown. */
  truncated: boolean;
  /** Several dialects read the text differently; statements are the union of their readings. */
  ambiguous: boolean;
  /** Functions called that the catalogue of the dialect(s) does not know. */
  unknownFunctions: string[];
  /** Other reasons Wardgate cannot tell what the text does (SQL in a string, obfuscated names). */
  unclassifiable: UnclassifiableReason[];
}

export interface SqlClassifierLimits {
  /** Characters analysed; the rest is ignored and `truncated` set. @default 1_048_576 */
  maxChars?: number;
  /** Statements analysed per dialect. @default 1000 */
  maxStatements?: number;
  /** The dialect of the route; `any` (default) reads every dialect and reports the union. */
  dialect?: SqlDialect | 'any';
}

/** What one analysis collects across statements and readings. */
interface Env {
  dialect: SqlDialect;
  catalogue: SqlFunctionCatalogue;
  unknown: Set<string>;
  unclassifiable: Set<UnclassifiableReason>;
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
const notTableNames = new Set(['on', 'to', 'from', 'select', 'values', 'where', 'set', 'default', 'lateral', 'only', 'table', 'if', 'not', 'exists', 'all', 'outfile', 'dumpfile']);

/** Keywords that may precede `(` without being a call. */
const notFunctionNames = new Set([
  'in', 'exists', 'values', 'as', 'over', 'filter', 'on', 'using', 'and', 'or', 'not', 'select', 'where', 'then', 'else', 'when',
  'from', 'join', 'by', 'any', 'all', 'some', 'array', 'row', 'lateral', 'with', 'is', 'like', 'ilike', 'between', 'case',
  'distinct', 'returning', 'set', 'limit', 'offset', 'top', 'tablesample', 'unique', 'primary', 'key', 'check', 'foreign',
  'references', 'default', 'into', 'table', 'return', 'while', 'union', 'intersect', 'except', 'recursive', 'window',
  'partition', 'group', 'order', 'rollup', 'cube', 'sets', 'within', 'only', 'option', 'index', 'do', 'for', 'path', 'root',
  'raw', 'auto', 'explicit', 'elements', 'materialized', 'escape', 'to', 'of', 'at', 'zone', 'exec', 'execute', 'call',
  'insert', 'update', 'delete', 'merge', 'include', 'system', 'bernoulli', 'rows', 'range', 'groups', 'uescape', 'copy',
  'explain', 'analyze', 'conflict', 'constraint', 'exclude', 'generated', 'identity', 'collate', 'similar', 'overlaps', 'pivot',
  'unpivot', 'output', 'nulls', 'fetch', 'percent', 'language', 'procedure', 'function', 'view', 'trigger', 'type',
]);
/** Words after which `name (` names a table, a definition or a type, not a call. */
const definitionWords = new Set(['into', 'table', 'references', 'as', 'function', 'procedure', 'proc', 'trigger', 'type', 'view', 'index', 'returns', 'domain', 'aggregate', 'operator', 'cursor', 'exists', 'update']);
/** Words that open a new T-SQL statement even without `;` (a batch may hold several). */
const tsqlStatementStarts = new Set([
  'select', 'insert', 'update', 'delete', 'merge', 'create', 'alter', 'drop', 'truncate', 'grant', 'revoke', 'deny', 'exec',
  'execute', 'declare', 'waitfor', 'use', 'backup', 'restore', 'dbcc', 'kill', 'shutdown', 'reconfigure', 'bulk', 'print', 'if',
  'while', 'begin', 'commit', 'rollback', 'save', 'set', 'return', 'raiserror', 'throw', 'checkpoint', 'revert',
]);
/** After these a statement keyword continues the statement (`UNION SELECT`, `FOR UPDATE`, `WITH GRANT OPTION`). */
const continuationWords = new Set([
  'union', 'intersect', 'except', 'all', 'distinct', 'as', 'do', 'for', 'key', 'on', 'of', 'or', 'and', 'not', 'instead', 'after',
  'before', 'grant', 'revoke', 'deny', 'with', 'is', 'exists', 'in', 'into', 'from', 'join', 'by', 'when', 'select', 'no', 'cursor',
]);
/** Statement keywords that are a whole statement alone (`COMMIT DELETE ...` is two). */
const selfContained = new Set(['begin', 'commit', 'rollback', 'save', 'return', 'shutdown', 'reconfigure', 'checkpoint', 'revert']);
/** Statement words that change the server, whatever their arguments. */
const adminStatements = new Set(['kill', 'shutdown', 'reconfigure', 'dbcc', 'checkpoint', 'install', 'uninstall', 'revert']);

const allDialectsCatalogue = sqlFunctionCatalogue(sqlDialects);

/** Analyses SQL text into statements (kind, tables, functions, effects) in the dialect(s) and merges the readings. */
export function analyzeSql(input: string, limits: SqlClassifierLimits = {}): SqlAnalysis {
  const maxChars = limits.maxChars ?? 1_048_576;
  const maxStatements = limits.maxStatements ?? 1000;
  const text = input.length > maxChars ? input.slice(0, maxChars) : input;
  let truncated = input.length > maxChars;

  const named = limits.dialect === undefined || limits.dialect === 'any' ? undefined : limits.dialect;
  const dialects: SqlDialect[] = named ? [named] : readingsFor(text);
  const catalogue = named ? sqlFunctionCatalogue([named]) : allDialectsCatalogue;

  const unknown = new Set<string>();
  const unclassifiable = new Set<UnclassifiableReason>();
  const readings: SqlStatement[][] = [];
  let postgresTokens: SqlToken[] | undefined;
  for (const dialect of dialects) {
    let tokens: SqlToken[];
    if (dialect === 'tsql' && postgresTokens !== undefined && !tsqlLexesDifferently(text)) {
      // Same tokens as Postgres: the T-SQL reading differs only where T-SQL grammar does.
      if (!needsTsqlReading(postgresTokens)) continue;
      tokens = postgresTokens;
    } else {
      tokens = tokenize(text, dialect);
    }
    if (dialect === 'postgres') postgresTokens = tokens;
    const reading = analyzeDialect(tokens, maxStatements, { dialect, catalogue, unknown, unclassifiable });
    truncated ||= reading.truncated;
    readings.push(reading.statements);
  }
  const { statements, ambiguous } = mergeReadings(readings);
  return { statements, truncated, ambiguous, unknownFunctions: [...unknown], unclassifiable: [...unclassifiable] };
}

/** The union of the readings, each statement once; ambiguous when two readings differ. */
function mergeReadings(readings: readonly SqlStatement[][]): { statements: SqlStatement[]; ambiguous: boolean } {
  // The common case, one reading of one statement, needs no keys.
  if (readings.length === 1 && readings[0]!.length <= 1) return { statements: readings[0]!, ambiguous: false };
  const statements: SqlStatement[] = [];
  const seen = new Set<string>();
  let firstReading = '';
  let ambiguous = false;
  readings.forEach((reading, index) => {
    const keys = reading.map(statementKey);
    if (readings.length > 1) {
      const signature = keys.join(';');
      if (index === 0) firstReading = signature;
      else if (signature !== firstReading) ambiguous = true;
    }
    reading.forEach((statement, i) => {
      const key = keys[i]!;
      if (seen.has(key)) return;
      seen.add(key);
      statements.push(statement);
    });
  });
  return { statements, ambiguous };
}

/**
 * The strictest reading: Postgres and T-SQL (batches without `;`) always, MySQL and SQLite
 * where their special characters appear (they read those differently; elsewhere they read as
 * Postgres does).
 */
function readingsFor(text: string): SqlDialect[] {
  const dialects: SqlDialect[] = ['postgres', 'tsql'];
  if (/[\\#"`]|\/\*|--/.test(text)) dialects.push('mysql');
  if (text.includes('/*')) dialects.push('sqlite');
  return dialects;
}

function statementKey(statement: SqlStatement): string {
  return `${statement.kind}:${statement.tables.join(',')}:${statement.functions.join(',')}:${statement.effects.join(',')}`;
}

function tokenize(text: string, dialect: SqlDialect): SqlToken[] {
  const tokenizer = new SqlTokenizer(text, dialect);
  const tokens: SqlToken[] = [];
  for (let token = tokenizer.next(); token !== undefined; token = tokenizer.next()) tokens.push(token);
  return tokens;
}

/** T-SQL tokens differ from Postgres ones only around these characters. */
function tsqlLexesDifferently(text: string): boolean {
  // `$1` parameters lex differently but mean the same; `$$` and `$tag$` quotes do not.
  return /[[@#]|\$[^0-9]|[eE]'|[uU]&/.test(text);
}

/**
 * On Postgres tokens, whether T-SQL would read anything differently: a statement keyword that
 * T-SQL takes as a new statement (the same test as its reading), EXEC of a procedure, or a
 * four-part (linked server) name.
 */
function needsTsqlReading(tokens: readonly SqlToken[]): boolean {
  const batch: BatchState = { depth: 0, firstWord: '', mainSeen: false };
  let previous: SqlToken | undefined;
  let dots = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.type === 'dot') {
      dots += 1;
      if (dots >= 3) return true;
    } else if (token.type !== 'word' && token.type !== 'quoted') dots = 0;
    if (token.type === 'semicolon') {
      previous = undefined;
      batch.depth = 0;
      batch.firstWord = '';
      batch.mainSeen = false;
      continue;
    }
    if (token.type === 'open') batch.depth += 1;
    else if (token.type === 'close' && batch.depth > 0) batch.depth -= 1;
    else if (token.type === 'word') {
      if (token.value === 'exec' || token.value === 'execute') return true;
      if (batch.depth === 0) {
        // The same first test as startsTsqlStatement, without the call for most words.
        if (previous !== undefined && tsqlStatementStarts.has(token.value) && startsTsqlStatement(previous, token, tokens[i + 1], batch)) return true;
        if (batch.firstWord === '') batch.firstWord = token.value;
      }
    }
    previous = token;
  }
  return false;
}

function analyzeDialect(tokens: readonly SqlToken[], maxStatements: number, env: Env): { statements: SqlStatement[]; truncated: boolean } {
  const batches = env.dialect === 'tsql';
  const statements: SqlStatement[] = [];
  // The current statement is tokens[from, index): a contiguous run, so it is sliced, not copied token by token.
  let from = 0;
  const batch: BatchState = { depth: 0, firstWord: '', mainSeen: false };
  let count = 0;
  for (let index = 0; ; index += 1) {
    const token = tokens[index];
    const ends = token === undefined || token.type === 'semicolon';
    const starts = !ends && batches && batch.depth === 0 && token.type === 'word' && startsTsqlStatement(index > from ? tokens[index - 1] : undefined, token, tokens[index + 1], batch);
    if ((ends || starts) && index > from) {
      count += 1;
      if (count > maxStatements) return { statements, truncated: true };
      const current = from === 0 && index === tokens.length ? tokens : tokens.slice(from, index);
      for (const statement of analyzeStatement(current, env)) statements.push(statement);
      batch.depth = 0;
      batch.firstWord = '';
      batch.mainSeen = false;
    }
    if (token === undefined) break;
    if (ends) {
      from = index + 1;
      continue;
    }
    if (starts) from = index;
    if (token.type === 'open') batch.depth += 1;
    else if (token.type === 'close' && batch.depth > 0) batch.depth -= 1;
    else if (batches && batch.depth === 0 && token.type === 'word' && batch.firstWord === '') batch.firstWord = token.value;
  }
  return { statements, truncated: false };
}

interface BatchState {
  /** Parenthesis depth within the current statement. */
  depth: number;
  /** The current statement's first word (after parentheses). */
  firstWord: string;
  /** `INSERT ... SELECT` and `WITH ... SELECT`: the inner SELECT (or main statement) was seen. */
  mainSeen: boolean;
}

/**
 * T-SQL runs `SELECT 1 FROM a UPDATE b SET c = 1` as two statements. A statement keyword at
 * the top level starts a new one unless it continues the current statement.
 */
function startsTsqlStatement(previous: SqlToken | undefined, token: SqlToken, next: SqlToken | undefined, batch: BatchState): boolean {
  if (previous === undefined || !tsqlStatementStarts.has(token.value)) return false;
  // Only after something that can end a statement: a name, a literal or a closing parenthesis.
  if (previous.type !== 'word' && previous.type !== 'quoted' && previous.type !== 'string' && previous.type !== 'number' && previous.type !== 'close' && previous.type !== 'param') return false;
  if (previous.type === 'word' && (continuationWords.has(previous.value) || (tsqlStatementStarts.has(previous.value) && !selfContained.has(previous.value)))) return false;
  // `insert(...)`, `if(...)` are calls; `begin, end` are columns; `use index` is MySQL's hint.
  if (next?.type === 'open' && token.value !== 'exec' && token.value !== 'execute') return false;
  if (next === undefined || next.type === 'comma' || next.type === 'dot' || next.type === 'close' || (next.type === 'op' && next.value !== '@')) return false;
  if (token.value === 'if' && next.type === 'word' && (next.value === 'exists' || next.value === 'not')) return false;
  if (token.value === 'use' && next.type === 'word' && (next.value === 'index' || next.value === 'key')) return false;
  const first = batch.firstWord;
  // INSERT INTO t SELECT ... / INSERT INTO t EXEC p, and the main statement after a WITH list.
  if (!batch.mainSeen && ((first === 'insert' && ['select', 'exec', 'execute'].includes(token.value)) || (first === 'with' && ['select', 'insert', 'update', 'delete', 'merge'].includes(token.value)))) {
    batch.mainSeen = true;
    // After the WITH list, the main statement's word decides what continues it (`UPDATE ... SET`).
    if (first === 'with') batch.firstWord = token.value;
    return false;
  }
  // MERGE ... WHEN MATCHED THEN UPDATE SET / DELETE, WHEN NOT MATCHED THEN INSERT.
  if (first === 'merge' && previous.type === 'word' && (previous.value === 'then' || previous.value === 'matched')) return false;
  if (token.value === 'set') {
    if (first === 'update' || first === 'merge' || first === 'alter') return false;
    if (previous.type === 'word' && (previous.value === 'delete' || previous.value === 'update')) return false;
  }
  return true;
}

/** One statement's tokens -> its own kind first, then the kinds it embeds (EXPLAIN'd, data-modifying CTEs, SELECT INTO). */
export function analyzeStatement(tokens: readonly SqlToken[], env: Env): SqlStatement[] {
  let start = 0;
  while (tokens[start]?.type === 'open') start += 1;
  const first = tokens[start];
  if (first === undefined) return [];
  if (first.type !== 'word') {
    const calls = scanCalls(tokens, env);
    return [{ kind: 'other', tables: [], functions: calls.functions, effects: calls.effects.list }];
  }
  // EXPLAIN and PREPARE analyse the statement they wrap below: their own calls are scanned
  // before it, as for every statement. Others scan calls in the table scan's pass.
  const early = first.value === 'explain' || first.value === 'prepare' ? scanCalls(tokens, env) : undefined;
  const calls = early ?? newCalls();

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
        embedded.push(...analyzeStatement(tokens.slice(i), env));
        break;
      }
      if (token.type === 'open' && first.value === 'explain' && i === start + 1) i = skipGroup(tokens, i);
    }
  }

  const scan = scanTables(tokens, start, first.value === 'with' ? kindWord : first.value, kind, cteNames, early ? undefined : { calls, env, first: start, firstWord: first.value });
  const effects = calls.effects;
  statementEffects(tokens, start, first.value, kind, env, effects);
  // T-SQL `NEXT VALUE FOR seq` advances a sequence (seen by the call scan).
  if (calls.nextValueFor) effects.add('sequence');
  if (kind === 'select') {
    const into = selectIntoTarget(tokens, start);
    if (into === 'file') effects.add('file');
    else if (into !== undefined) embedded.push({ kind: 'ddl', tables: [into], functions: [], effects: [] });
  }
  if (env.dialect === 'tsql' && scan.tables.some((t) => t.split('.').length >= 4)) effects.add('remote');
  const statement: SqlStatement = { kind, tables: scan.tables, functions: calls.functions, effects: effects.list };
  return embedded.length === 0 && scan.nested.length === 0 ? [statement] : [statement, ...embedded, ...scan.nested];
}

/**
 * Effects of statement forms rather than functions: `COPY ... PROGRAM`, `EXEC (@sql)`, `PREPARE`,
 * `DO $$...$$`, `WAITFOR`, `LOAD DATA INFILE`, `BULK INSERT`, `KILL`.
 */
function statementEffects(tokens: readonly SqlToken[], start: number, firstWord: string, kind: SqlStatementKind, env: Env, effects: Effects): void {
  const next = tokens[start + 1];
  const nextWord = next?.type === 'word' ? next.value : '';
  if (kind === 'copy') {
    for (let i = start + 1; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      if (token.type === 'word' && token.value === 'program') effects.add('shell');
      else if (token.type === 'word' && (token.value === 'infile' || ((token.value === 'to' || token.value === 'from') && tokens[i + 1]?.type === 'string'))) effects.add('file');
    }
  }
  switch (firstWord) {
    case 'exec':
    case 'execute':
      if (nextWord === 'as') effects.add('admin');
      else if (next === undefined || next.type === 'open' || next.type === 'string' || nextWord === 'immediate' || nextWord.startsWith('@') || (next.type === 'op' && next.value === '@')) {
        effects.add('dynamic');
        env.unclassifiable.add('sql_in_string');
      } else if (env.dialect !== 'tsql') {
        // Postgres and MySQL EXECUTE runs a statement prepared earlier: its text is not here.
        effects.add('dynamic');
        env.unclassifiable.add('sql_in_string');
      }
      break;
    case 'prepare':
      if (kind !== 'transaction') {
        effects.add('dynamic');
        if (tokens.some((t) => t.type === 'word' && t.value === 'from')) env.unclassifiable.add('sql_in_string');
      }
      break;
    case 'do':
      effects.add('dynamic');
      env.unclassifiable.add('sql_in_string');
      break;
    case 'waitfor':
      effects.add('sleep');
      break;
    case 'bulk':
    case 'attach':
    case 'detach':
      effects.add('file');
      break;
    case 'load':
      effects.add(nextWord === 'data' || nextWord === 'xml' ? 'file' : 'shell');
      break;
    default:
      if (adminStatements.has(firstWord)) effects.add('admin');
      break;
  }
}

/**
 * `SELECT ... INTO t` creates t (Postgres, T-SQL); `INTO OUTFILE|DUMPFILE` writes a server file
 * (MySQL); `INTO @v` sets variables. Returns the created table, `file`, or undefined.
 */
function selectIntoTarget(tokens: readonly SqlToken[], start: number): string | undefined {
  let depth = 0;
  for (let i = start; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.type === 'open') depth += 1;
    else if (token.type === 'close') depth -= 1;
    if (depth !== 0 || token.type !== 'word' || token.value !== 'into') continue;
    const previous = tokens[i - 1];
    if (previous?.type === 'word' && ['insert', 'merge', 'replace', 'ignore', 'low_priority', 'delayed', 'high_priority'].includes(previous.value)) continue;
    let j = i + 1;
    const word = tokens[j];
    if (word?.type === 'word' && (word.value === 'outfile' || word.value === 'dumpfile')) return 'file';
    if (word === undefined || word.value.startsWith('@') || (word.type === 'op' && word.value === '@')) continue;
    while (tokens[j]?.type === 'word' && ['temp', 'temporary', 'unlogged', 'table', 'local', 'global'].includes(tokens[j]!.value)) j += 1;
    const name = readQualifiedName(tokens, j);
    if (name !== undefined) return name.value;
  }
  return undefined;
}

/** A statement's side effects, each once (at most a handful: a list beats a Set here). */
class Effects {
  readonly list: SqlEffect[] = [];
  add(effect: SqlEffect): void {
    if (!this.list.includes(effect)) this.list.push(effect);
  }
}

interface Calls {
  functions: string[];
  effects: Effects;
  /** `NEXT VALUE FOR` appears (from the statement's first word on). */
  nextValueFor: boolean;
}

function recordCall(calls: Calls, parts: readonly string[], quotedLast: boolean, env: Env): void {
  const name = parts.length === 1 ? parts[0]! : parts.join('.');
  if (!calls.functions.includes(name)) calls.functions.push(name);
  const last = parts[parts.length - 1]!;
  const info = env.catalogue.lookup(quotedLast ? last : last.toLowerCase());
  for (const effect of info.effects) calls.effects.add(effect);
  if (info.sqlInString) env.unclassifiable.add('sql_in_string');
  const qualified = parts.length > 1 && !env.catalogue.systemSchemas.has(parts.slice(0, -1).join('.').toLowerCase());
  if ((!info.known || qualified) && info.effects.length === 0) env.unknown.add(name);
}

/** Function and procedure calls anywhere in the statement, with their catalogue effects. */
function scanCalls(tokens: readonly SqlToken[], env: Env): Calls {
  const calls = newCalls();
  let first = 0;
  while (tokens[first]?.type === 'open') first += 1;
  const firstWord = tokens[first]?.type === 'word' ? tokens[first]!.value : '';
  for (let i = 0; i < tokens.length; i += 1) {
    const type = tokens[i]!.type;
    if (type === 'word' || type === 'quoted') i = scanCallAt(tokens, i, { calls, env, first, firstWord }) - 1;
  }
  return calls;
}

function newCalls(): Calls {
  return { functions: [], effects: new Effects(), nextValueFor: false };
}

/** What the call scan needs to know of its statement. */
interface CallScan {
  calls: Calls;
  env: Env;
  /** Index of the statement's first token after its opening parentheses, and that token's word. */
  first: number;
  firstWord: string;
}

/**
 * The call (if any) named at `tokens[i]`, a word or quoted name: recorded with its catalogue
 * effects. Returns the index after the (qualified) name, where the scan goes on.
 */
function scanCallAt(tokens: readonly SqlToken[], i: number, scan: CallScan): number {
  const { calls, env, first, firstWord } = scan;
  const token = tokens[i]!;
  if (token.type === 'word') {
    if (token.value === 'uescape') env.unclassifiable.add('obfuscated_name');
    else if (token.value === 'next' && i >= first && tokens[i + 1]?.value === 'value' && tokens[i + 2]?.value === 'for') calls.nextValueFor = true;
  }
  // A qualified name: parts joined by dots (`master..xp_cmdshell` has an empty part). Found
  // first without allocating: most names are no call.
  let j = i + 1;
  let dotted = false;
  while (tokens[j]?.type === 'dot') {
    j += 1;
    while (tokens[j]?.type === 'dot') j += 1;
    const part = tokens[j];
    if (part?.type !== 'word' && part?.type !== 'quoted') break;
    dotted = true;
    j += 1;
  }
  const isProcedure = i === first + 1 && (firstWord === 'exec' || firstWord === 'execute') && env.dialect === 'tsql' && !token.value.startsWith('@');
  if (tokens[j]?.type === 'open' || isProcedure) {
    const previous = tokens[i - 1];
    const previousWord = previous?.type === 'word' ? previous.value : '';
    const single = !dotted && token.type === 'word';
    const skip =
      (single && notFunctionNames.has(token.value)) ||
      definitionWords.has(previousWord) ||
      (previous?.type === 'op' && previous.value === ':') ||
      token.value.startsWith('@');
    if (!skip || isProcedure) {
      const { parts, quotedLast } = dotted ? nameParts(tokens, i, j) : { parts: [token.value], quotedLast: token.type === 'quoted' };
      recordCall(calls, parts, quotedLast, env);
    }
  }
  return j;
}

/** The parts of the qualified name in `tokens[from..to)` (words and quoted names, dots skipped). */
function nameParts(tokens: readonly SqlToken[], from: number, to: number): { parts: string[]; quotedLast: boolean } {
  const parts: string[] = [];
  let quotedLast = false;
  for (let k = from; k < to; k += 1) {
    const part = tokens[k]!;
    if (part.type === 'dot') continue;
    parts.push(part.value);
    quotedLast = part.type === 'quoted';
  }
  return { parts, quotedLast };
}

function kindOf(tokens: readonly SqlToken[], index: number): SqlStatementKind {
  const word = tokens[index]!.value;
  const second = tokens[index + 1];
  const secondWord = second?.type === 'word' ? second.value : '';
  if (word === 'prepare') return secondWord === 'transaction' ? 'transaction' : 'other';
  if (word === 'load') return secondWord === 'data' || secondWord === 'xml' ? 'copy' : 'other';
  if (word === 'bulk') return secondWord === 'insert' ? 'insert' : 'other';
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

const queryGroup: Readonly<Group> = Object.freeze({ query: true });
const plainGroup: Readonly<Group> = Object.freeze({ query: false });

interface TableScan {
  tables: string[];
  nested: SqlStatement[];
}

interface Group {
  query: boolean;
  /** A parenthesised INSERT/UPDATE/DELETE/MERGE (data-modifying CTE or subquery). */
  nested?: SqlStatement;
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
function scanTables(tokens: readonly SqlToken[], start: number, firstWord: string, kind: SqlStatementKind, cteNames: ReadonlySet<string>, callScan?: CallScan): TableScan {
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

  // The call scan rides along (one pass over the tokens); it skips the rest of a qualified name.
  let callsFrom = start;
  for (let i = start; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (callScan !== undefined && i >= callsFrom && (token.type === 'word' || token.type === 'quoted')) callsFrom = scanCallAt(tokens, i, callScan);
    if (token.type === 'open') {
      const next = tokens[i + 1];
      const nextWord = next?.type === 'word' ? next.value : '';
      const query = queryGroupStarts.has(nextWord) || next?.type === 'open';
      if (!dataModifying.has(nextWord)) {
        // Plain groups carry nothing of their own: one shared object each (most groups are calls).
        stack.push(query ? queryGroup : plainGroup);
        continue;
      }
      const group: Group = { query, nested: { kind: firstKeywordKinds[nextWord]!, tables: [], functions: [], effects: [] } };
      if (trackedCount < MAX_TRACKED_NESTED) {
        trackedCount += 1;
        group.nestedSeen = new Set();
        tracking.push(group);
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
  const first = tokens[index];
  if (first === undefined || (first.type !== 'word' && first.type !== 'quoted')) return undefined;
  // Most names have one part: no parts list to build and join.
  if (tokens[index + 1]?.type !== 'dot') {
    if (first.type === 'word' && notTableNames.has(first.value)) return undefined;
    return { value: first.value, next: index + 1 };
  }
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
