import type { AccessRequest, RequestBody } from '../authz/access-request.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { decodeBody, parseContentEncoding } from '../http/content-encoding.js';
import { mediaTypeOf } from '../http/media-type.js';
import { canonicalPath, canonicalPathPattern } from '../http/request-path.js';
import { anyGlob, compileGlob, type Glob } from '../policy/glob.js';
import type { AmbiguityReason, Command, GraphqlCommand, RestCommand, SqlCommand, UnclassifiableReason } from './command.js';
import { jsonShapeOf, type JsonMembers } from './json-members.js';
import { methodOverrides } from './method-override.js';
import { analyzeGraphql, operationRank, type GraphqlAnalysis, type GraphqlOperationType } from './graphql-classifier.js';
import { analyzeSql } from './sql-classifier.js';
import { SqlTokenizer, type SqlDialect } from './sql-tokenizer.js';

export interface ClassifyOptions {
  /** Path globs where SQL-over-HTTP is served; when set, SQL heuristics apply only there. */
  sqlPaths?: string[];
  /** Path globs where GraphQL is served; when set, GraphQL heuristics apply only there. */
  graphqlPaths?: string[];
  /** Body bytes inspected; the rest is ignored and the command marked partial. */
  maxBodyBytes: number;
  /**
   * The SQL dialect of routes, first matching path glob wins; SQL elsewhere is read in every
   * dialect (`any`, the strictest reading: the union of what any of them would run).
   */
  sqlDialects?: Array<{ path: string; dialect: SqlDialect | 'any' }>;
}

export interface Classification {
  command: Command;
  /** PHI-free remarks on how the request was read (e.g. why it fell back to REST). */
  notes: string[];
  /**
   * Classification itself failed (a bug, not bad input). `command` is then plain REST, which
   * SQL and GraphQL rules never see: callers on the decision path must deny (fail closed).
   */
  failure?: WardgateError;
}

export interface CommandClassifier {
  classify(request: AccessRequest): Classification;
}

/** Keys that carry the statement or document in JSON and form bodies, by strength of the signal. */
const sqlKeys = ['sql', 'statement'] as const;
const sharedKeys = ['query', 'q'] as const;
const statementKeys = new Set<string>([...sqlKeys, ...sharedKeys]);
const persistedIdKeys = new Set(['documentid', 'doc_id', 'queryid']);
const graphqlStarts = new Set(['query', 'mutation', 'subscription', 'fragment']);
// Statement keywords that plausibly begin SQL text (not `set`, `show`, `do`, `end`...: common English).
const sqlStarts = new Set([
  'select', 'insert', 'update', 'delete', 'merge', 'with', 'create', 'alter', 'drop', 'truncate', 'grant', 'revoke',
  'copy', 'explain', 'call', 'values', 'upsert', 'replace', 'begin', 'commit', 'rollback', 'show', 'set', 'describe',
  'exec', 'execute', 'declare', 'prepare', 'waitfor', 'bulk', 'load',
]);
// Upper bound on items in a batched GraphQL request we look at.
const maxBatch = 100;

/** Compiles path globs once; `classify` then never throws (a failure is reported in `failure`). */
export function createCommandClassifier(options: ClassifyOptions): CommandClassifier {
  const pathGlob = (pattern: string) => compileGlob(canonicalPathPattern(pattern), { separator: '/' });
  const sqlPaths = options.sqlPaths?.map(pathGlob);
  const graphqlPaths = options.graphqlPaths?.map(pathGlob);
  const dialects = (options.sqlDialects ?? []).map((d) => ({ glob: pathGlob(d.path), dialect: d.dialect }));
  return {
    classify(request) {
      const notes: string[] = [];
      try {
        // Route settings see the path the policy's rules see (`/sql/` and `/%73ql` are `/sql`).
        const path = canonicalPath(request.http.path);
        const dialect = dialects.find((d) => d.glob.test(path))?.dialect ?? 'any';
        const command = classify(request, path, options.maxBodyBytes, sqlPaths, graphqlPaths, { notes, dialect });
        return { command: withMethodOverrides(command, request, options.maxBodyBytes, notes), notes };
      } catch (error) {
        notes.push('classification failed');
        // The cause stays out of the message: it may quote the body.
        const failure = new WardgateError(ErrorCode.Internal, `command classification failed (${error instanceof Error ? error.name : typeof error})`, { cause: error });
        return { command: rest(request), notes, failure };
      }
    },
  };
}

/**
 * For the decision path: the command, or throws the classification failure (the authorizer
 * then denies). Never returns a REST fallback for a request it failed to read.
 */
export function commandOrThrow(classification: Classification): Command {
  if (classification.failure) throw classification.failure;
  return classification.command;
}

/** Classifies one request (compiles the path globs on every call: prefer `createCommandClassifier`). */
export function classifyCommand(request: AccessRequest, options: ClassifyOptions): Command {
  return commandOrThrow(createCommandClassifier(options).classify(request));
}

interface Hints {
  /** Path is configured for SQL (true), configured elsewhere (false) or unconfigured (undefined). */
  sql: boolean | undefined;
  graphql: boolean | undefined;
}

/** Per request: where remarks go and the SQL dialect of the route. */
interface Scope {
  notes: string[];
  dialect: SqlDialect | 'any';
}

/** The commands a request carries; more than one makes it ambiguous (for `reason`). */
interface Candidates {
  commands: Command[];
  reason?: AmbiguityReason;
}

/** Multi-valued field access: every value of a key (JSON duplicates, repeated form parameters). */
type Fields = (key: string) => readonly string[];

function classify(request: AccessRequest, path: string, maxBodyBytes: number, sqlPaths: Glob[] | undefined, graphqlPaths: Glob[] | undefined, scope: Scope): Command {
  const onSqlPath = sqlPaths === undefined ? undefined : anyGlob(sqlPaths, path);
  const onGraphqlPath = graphqlPaths === undefined ? undefined : anyGlob(graphqlPaths, path);
  // Heuristics run where the path is configured for the language, or everywhere when nothing is configured.
  const hints: Hints = { sql: onSqlPath, graphql: onGraphqlPath };
  const body = request.http.body;
  let fromBody: Candidates | undefined;
  let bodyPartial = false;
  if (body !== undefined && body.bytes.length > 0) {
    const bytes = decodedBody(body, request.http.headers['content-encoding'], maxBodyBytes);
    if (bytes === undefined) {
      // A backend that inflates the body runs what Wardgate could not read: never "no command".
      scope.notes.push('body in an encoding Wardgate cannot decode');
      return hints.sql === false && hints.graphql === false ? rest(request) : unread(hints, body.partial, scope, 'unreadable_body');
    }
    const cut = bytes.length > maxBodyBytes;
    const partial = body.partial || cut;
    if (cut) scope.notes.push('body longer than the inspection limit; only its start was classified');
    const text = (cut ? bytes.subarray(0, maxBodyBytes) : bytes).toString('utf8');
    const media = mediaTypeOf(body.contentType ?? request.http.headers['content-type']);
    fromBody = classifyBody(text, media, partial, hints, scope);
    bodyPartial = partial;
  }
  // The query string is read like a form body: the same keys, in any case, with the same heuristics.
  const params = queryParameters(request.http.query);
  const fromQuery = params === undefined ? none : classifyFields(multi(params), false, hints, scope, false);
  if (fromBody !== undefined && fromBody.commands.length > 0) {
    // A command in the query string too: the backend may read either one.
    if (fromQuery.commands.length > 0) return ambiguous(scope, { commands: [...fromBody.commands, ...fromQuery.commands], reason: 'body_and_query' });
    return ambiguous(scope, fromBody);
  }
  if (fromQuery.commands.length > 0) return ambiguous(scope, fromQuery);
  if (params !== undefined && hints.graphql !== false && isPersistedQuery(Object.fromEntries(params))) {
    scope.notes.push('GraphQL document not in the request (persisted query): read as the most privileged operation');
    return persistedGraphql();
  }
  if (fromBody !== undefined && (hints.sql === true || hints.graphql === true)) {
    scope.notes.push('no command found in the body of a SQL or GraphQL route');
    return unread(hints, bodyPartial, scope, 'statement_not_found');
  }
  return rest(request);
}

/** Query-string keys (lower-cased) the classifier reads: statement and GraphQL keys, persisted-query markers. */
const queryKeysRead = new Set<string>([...statementKeys, 'operationname', ...persistedIdKeys, 'extensions']);

/**
 * The query string's parameters, or undefined when no key is one the classifier reads (most
 * query strings: found without decoding or allocating pairs). Read both ways where frameworks
 * differ: split on `&` only (WHATWG, Express, servlets) and on `&` and `;` too (Rack before 3,
 * Python before 3.9.2, Perl's CGI): `?a=1;sql=DELETE ...` carries a statement to some of them.
 */
function queryParameters(query: string): Array<[string, string]> | undefined {
  if (query.length === 0 || !mentionsKeyRead(query)) return undefined;
  const pairs = [...new URLSearchParams(query)];
  if (query.includes(';')) pairs.push(...new URLSearchParams(query.replaceAll(';', '&')));
  return pairs;
}

function mentionsKeyRead(query: string): boolean {
  for (let start = 0; start <= query.length; ) {
    let end = start;
    while (end < query.length && query.charCodeAt(end) !== 0x26 /* & */ && query.charCodeAt(end) !== 0x3b /* ; */) end += 1;
    const eq = query.indexOf('=', start);
    const key = query.slice(start, eq !== -1 && eq < end ? eq : end);
    // An escaped or `+` key is decoded the way URLSearchParams decodes it.
    const plain = key.includes('%') || key.includes('+') ? [...new URLSearchParams(`${key}=`).keys()][0] ?? '' : key;
    if (plain.length <= 13 && queryKeysRead.has(plain.toLowerCase())) return true;
    start = end + 1;
  }
  return false;
}

/** The body as the backend reads it: decoded when `content-encoding` says so; undefined when it cannot be. */
function decodedBody(body: RequestBody, contentEncoding: string | undefined, maxBodyBytes: number): Buffer | undefined {
  const encoding = parseContentEncoding(contentEncoding);
  if (encoding === undefined) return undefined;
  if (encoding === 'identity') return body.bytes;
  // A cut stream cannot be inflated whole; a bomb stops one byte past the limit (then read as cut).
  if (body.partial) return undefined;
  try {
    return decodeBody(body.bytes, encoding, maxBodyBytes + 1);
  } catch {
    return undefined;
  }
}

/**
 * A command Wardgate could not read, read the strictest way: on a GraphQL-only route the most
 * privileged operation with no known fields; elsewhere SQL that is unclassifiable (denied
 * unless a rule says `onUnclassifiable: apply`).
 */
function unread(hints: Hints, partial: boolean, scope: Scope, reason: UnclassifiableReason): Command {
  if (hints.graphql === true && hints.sql !== true) return persistedGraphql();
  return { type: 'sql', statements: [], text: '', partial, dialect: scope.dialect, unknownFunctions: [], unclassifiable: [reason] };
}

/**
 * A request that asks the upstream to run another method (`X-HTTP-Method-Override: DELETE`,
 * `_method=DELETE`) carries two commands: its own, and a REST call with that method. Each is
 * judged (`onAmbiguous`), so a GET rule never lets a DELETE through.
 */
function withMethodOverrides(command: Command, request: AccessRequest, maxBodyBytes: number, notes: string[]): Command {
  const methods = methodOverrides(request, maxBodyBytes);
  if (methods.length === 0) return command;
  notes.push(`request asks for another method (${methods.join(', ')})`);
  const own = command.ambiguity?.candidates ?? [command];
  const others: RestCommand[] = methods.map((method) => ({ type: 'rest', method, path: request.http.path }));
  const [first] = own;
  return { ...first!, ambiguity: { reason: 'method_override', candidates: [...own, ...others] } };
}

/** One command, or the first candidate carrying every candidate when there are several. */
function ambiguous(scope: Scope, found: Candidates): Command {
  if (found.commands.length === 1) return found.commands[0]!;
  // The same command twice (a body and a query string that agree) is one command.
  const seen = new Set<string>();
  const commands = found.commands.filter((c) => {
    const key = c.type === 'rest' ? `rest\u0000${c.method}` : `${c.type}\u0000${c.text}\u0000${c.type === 'graphql' ? (c.operationName ?? '') : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const candidates: Candidates = found.reason === undefined ? { commands } : { commands, reason: found.reason };
  const [first, ...others] = candidates.commands;
  if (others.length === 0) return first!;
  scope.notes.push(`request carries ${candidates.commands.length} commands (${candidates.reason ?? 'several_command_keys'})`);
  return { ...first!, ambiguity: { reason: candidates.reason ?? 'several_command_keys', candidates: candidates.commands } };
}

const none: Candidates = { commands: [] };

function one(command: Command | undefined): Candidates {
  return command === undefined ? none : { commands: [command] };
}

/** Parameters by lower-cased name (`SQL=` and `sql=` are one parameter to many frameworks). */
function multi(params: URLSearchParams | Iterable<[string, string]>): Fields {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of params) {
    const lower = key.toLowerCase();
    const list = byKey.get(lower);
    if (list) list.push(value);
    else byKey.set(lower, [value]);
  }
  return (key) => byKey.get(key) ?? [];
}

function classifyBody(text: string, media: string, partial: boolean, hints: Hints, scope: Scope): Candidates {
  if (media === 'application/sql') return one(sqlCommand(text, partial, scope));
  if (media === 'application/graphql') return one(graphqlCommand(text, undefined, partial, scope.notes, true));
  const trimmed = text.trimStart();
  if (media === 'application/json' || media.endsWith('+json') || (media === '' && (trimmed.startsWith('{') || trimmed.startsWith('[')))) {
    return classifyJson(text, partial, hints, scope);
  }
  if (media === 'application/x-www-form-urlencoded') {
    return classifyFields(multi(new URLSearchParams(text)), partial, hints, scope, false, 'repeated_parameter');
  }
  if (media === 'text/plain' || media === '' || media === 'application/octet-stream') {
    if (hints.sql !== false && (hints.sql === true || looksLikeSql(text))) return one(sqlCommand(text, partial, scope));
    if (hints.graphql !== false && (hints.graphql === true || looksLikeGraphql(text))) return one(graphqlCommand(text, undefined, partial, scope.notes, false));
  }
  return none;
}

function classifyJson(text: string, partial: boolean, hints: Hints, scope: Scope): Candidates {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (!partial) {
      scope.notes.push('body is not valid JSON; classified as REST');
      return none;
    }
    // A cut JSON body: recover the statement string as far as it goes.
    const recovered = recoverJsonStrings(text);
    scope.notes.push('JSON body cut short; classified from its start');
    return classifyFields(multi(recovered), true, hints, scope, false);
  }
  // JSON.parse validated the text; every member, duplicates included, comes from its shape.
  const shape = jsonShapeOf(text, parsed);
  if (Array.isArray(parsed)) return one(classifyGraphqlBatch(parsed, shape.array, partial, hints, scope.notes));
  if (parsed === null || typeof parsed !== 'object' || shape.object === undefined) return none;
  const object = parsed as Record<string, unknown>;
  const found = classifyFields(withStatementLists(jsonFields(shape.object), object), partial, hints, scope, hasKey(shape.object, 'variables'), 'duplicate_key');
  if (found.commands.length === 0 && hints.graphql !== false && isPersistedQuery(object)) {
    scope.notes.push('GraphQL document not in the request (persisted query): read as the most privileged operation');
    return one(persistedGraphql());
  }
  return found;
}

/**
 * `{"sql": ["SELECT 1", "DROP TABLE t"]}`: a list of statements under a statement key is one
 * batch (joined with `;`), so its writes are seen, not skipped as "not a string".
 */
function withStatementLists(get: Fields, object: Record<string, unknown>): Fields {
  let lists: Map<string, string[]> | undefined;
  // for..in over own keys, no entries array: this runs on every JSON body.
  for (const key in object) {
    if (!Object.hasOwn(object, key) || key.length > 9) continue;
    const value = object[key];
    const lower = key.toLowerCase();
    if (!statementKeys.has(lower) || !Array.isArray(value) || value.length === 0) continue;
    if (!value.every((item): item is string => typeof item === 'string')) continue;
    lists ??= new Map();
    const list = lists.get(lower) ?? [];
    list.push(value.join(';\n'));
    lists.set(lower, list);
  }
  if (lists === undefined) return get;
  const found = lists;
  return (key) => {
    const extra = found.get(key);
    return extra === undefined ? get(key) : [...get(key), ...extra];
  };
}

/** Apollo's `extensions.persistedQuery`, GraphQL-over-HTTP's `documentId`, Relay's `doc_id`: the document lives on the server. */
function isPersistedQuery(object: Record<string, unknown>): boolean {
  for (const key in object) {
    if (!Object.hasOwn(object, key) || key.length > 10) continue;
    const value = object[key];
    const lower = key.toLowerCase();
    if (persistedIdKeys.has(lower) && (typeof value === 'string' || typeof value === 'number')) return true;
    if (lower === 'extensions') {
      const extensions = typeof value === 'string' ? safeJson(value) : value;
      if (extensions !== null && typeof extensions === 'object' && 'persistedQuery' in extensions) return true;
    }
  }
  return false;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A GraphQL operation Wardgate cannot see: the most privileged kind, fields unknown. */
function persistedGraphql(): GraphqlCommand {
  return { type: 'graphql', operation: 'mutation', fields: [], text: '', partial: true };
}

/** String values of a key, case-insensitively (`SQL` and `sql` are the same key to many binders). */
function jsonFields(members: JsonMembers): Fields {
  const byKey = new Map<string, string[]>();
  for (const [key, values] of members) {
    const lower = key.toLowerCase();
    let list = byKey.get(lower);
    if (!list) byKey.set(lower, (list = []));
    for (const value of values) if (value.kind === 'string') list.push(value.value);
  }
  return (key) => byKey.get(key) ?? [];
}

function hasKey(members: JsonMembers, key: string): boolean {
  for (const name of members.keys()) if (name.toLowerCase() === key) return true;
  return false;
}

function distinct(values: readonly string[]): string[] {
  return values.length <= 1 ? [...values] : [...new Set(values)];
}

/**
 * Decides between SQL and GraphQL from the statement-carrying fields of a JSON, form or query
 * string, and returns every command found: several keys, or one key with several values.
 */
function classifyFields(get: Fields, partial: boolean, hints: Hints, scope: Scope, hasVariables: boolean, repeated: AmbiguityReason = 'repeated_parameter'): Candidates {
  const commands: Command[] = [];
  let reason: AmbiguityReason | undefined;
  const operationNames = distinct(get('operationname'));
  const operationName = operationNames[0];
  const add = (values: readonly string[], read: (value: string) => Command | undefined): void => {
    const found: Command[] = [];
    for (const value of distinct(values)) {
      const command = read(value);
      if (command) found.push(command);
    }
    if (found.length === 0) return;
    if (found.length > 1) reason ??= repeated;
    if (commands.length > 0) reason ??= 'several_command_keys';
    commands.push(...found);
  };
  const graphqlQuery = (value: string, name: string | undefined, explicit: boolean): Command | undefined => graphqlCommand(value, name, partial, scope.notes, explicit);
  if (hints.graphql === true) {
    add(get('query'), (value) => graphqlQuery(value, operationName, true));
  }
  for (const key of sqlKeys) {
    if (hints.sql !== false) add(get(key), (value) => sqlCommand(value, partial, scope));
  }
  for (const key of sharedKeys) {
    if (key === 'query' && hints.graphql === true) continue;
    add(get(key), (value) => {
      const graphqlSignal = operationName !== undefined || hasVariables || looksLikeGraphql(value);
      if (key === 'query' && hints.graphql !== false && hints.sql !== true && graphqlSignal) {
        return graphqlQuery(value, operationName, operationName !== undefined || hasVariables);
      }
      if (hints.sql === true || (hints.sql === undefined && looksLikeSql(value))) return sqlCommand(value, partial, scope);
      return undefined;
    });
  }
  // Several operation names for one GraphQL document: each names a different operation to run.
  if (operationNames.length > 1) {
    const graphql = commands.filter((c): c is GraphqlCommand => c.type === 'graphql');
    for (const command of graphql) {
      for (const name of operationNames.slice(1)) {
        const other = graphqlQuery(command.text, name, true);
        if (other) commands.push(other);
      }
    }
    if (graphql.length > 0) reason ??= repeated;
  }
  return reason === undefined ? { commands } : { commands, reason };
}

function classifyGraphqlBatch(items: unknown[], shapes: Array<JsonMembers | undefined> | undefined, partial: boolean, hints: Hints, notes: string[]): GraphqlCommand | undefined {
  if (hints.graphql === false) return undefined;
  const analyses: GraphqlAnalysis[] = [];
  const texts: string[] = [];
  for (const [index, item] of items.slice(0, maxBatch).entries()) {
    if (item === null || typeof item !== 'object') return undefined;
    const { query, operationName } = item as { query?: unknown; operationName?: unknown };
    if (typeof query !== 'string') return undefined;
    // Every query and every operation name an item holds, duplicates included.
    const members = shapes?.[index];
    const queries = members ? distinct(jsonFields(members)('query')) : [query];
    const names = members ? distinct(jsonFields(members)('operationname')) : typeof operationName === 'string' ? [operationName] : [];
    try {
      for (const text of queries) {
        for (const name of names.length === 0 ? [undefined] : names) analyses.push(analyzeGraphql(text, name));
        texts.push(text);
      }
    } catch {
      notes.push('batched GraphQL item does not parse; classified as REST');
      return undefined;
    }
  }
  if (analyses.length === 0) return undefined;
  notes.push(`batched GraphQL request with ${analyses.length} operations: most privileged operation and all fields reported`);
  let operation: GraphqlOperationType = 'query';
  const fields = new Set<string>();
  for (const analysis of analyses) {
    if (operationRank[analysis.operation] > operationRank[operation]) operation = analysis.operation;
    for (const field of analysis.fields) fields.add(field);
  }
  const incomplete = partial || items.length > maxBatch || analyses.some((a) => a.incomplete);
  return { type: 'graphql', operation, fields: [...fields], text: texts.join('\n'), partial: incomplete };
}

function sqlCommand(text: string, partial: boolean, scope: Scope): Command | undefined {
  const { notes, dialect } = scope;
  const analysis = analyzeSql(text, { dialect });
  if (analysis.statements.length === 0) {
    notes.push('SQL body holds no statement');
    return undefined;
  }
  if (analysis.ambiguous) notes.push('SQL reads differently across dialects; all readings reported');
  if (analysis.truncated) notes.push('SQL longer than the analysis limits; later statements unknown');
  if (analysis.unclassifiable.length > 0) notes.push(`SQL is unclassifiable: ${analysis.unclassifiable.join(', ')}`);
  const command: SqlCommand = {
    type: 'sql',
    statements: analysis.statements,
    text,
    partial: partial || analysis.truncated,
    dialect,
    unknownFunctions: analysis.unknownFunctions,
    unclassifiable: analysis.unclassifiable,
  };
  return command;
}

function graphqlCommand(text: string, operationName: string | undefined, partial: boolean, notes: string[], explicit: boolean): Command | undefined {
  let analysis: GraphqlAnalysis;
  try {
    analysis = analyzeGraphql(text, operationName);
  } catch {
    if (explicit) notes.push('GraphQL document does not parse; classified as REST');
    return undefined;
  }
  if (analysis.ambiguous) notes.push('several GraphQL operations and no matching operationName: most privileged operation and all fields reported');
  const command: GraphqlCommand = { type: 'graphql', operation: analysis.operation, fields: analysis.fields, text, partial: partial || analysis.incomplete };
  if (analysis.operationName !== undefined) command.operationName = analysis.operationName;
  return command;
}

function rest(request: AccessRequest): RestCommand {
  return { type: 'rest', method: request.http.method.toUpperCase(), path: request.http.path };
}

/** The first keyword (after comments and parentheses) is a statement keyword. */
export function looksLikeSql(text: string): boolean {
  const tokenizer = new SqlTokenizer(text.slice(0, 4096), 'postgres');
  for (let token = tokenizer.next(); token !== undefined; token = tokenizer.next()) {
    if (token.type === 'open') continue;
    return token.type === 'word' && sqlStarts.has(token.value);
  }
  return false;
}

export function looksLikeGraphql(text: string): boolean {
  const match = /^(?:\s|,|#[^\n]*\n?)*(\{|[A-Za-z_]+)/.exec(text.slice(0, 4096));
  if (!match) return false;
  return match[1] === '{' || graphqlStarts.has(match[1]!);
}

/** Top-level string members of a JSON object that may be cut anywhere, decoded as far as they go. */
export function recoverJsonStrings(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const member = /"(sql|statement|query|q|operationName)"\s*:\s*"/g;
  for (let match = member.exec(text); match !== null; match = member.exec(text)) {
    let i = match.index + match[0].length;
    let raw = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        raw += text.slice(i, i + 2);
        i += 2;
      } else {
        raw += text[i];
        i += 1;
      }
    }
    // Drop a trailing half escape (`\` or `\u12`) left by the cut.
    raw = raw.replace(/\\(?:u[0-9a-fA-F]{0,3})?$/, '');
    try {
      if (!found.has(match[1]!)) found.set(match[1]!, JSON.parse(`"${raw}"`) as string);
    } catch {
      // An undecodable fragment tells us nothing; leave it out.
    }
    member.lastIndex = i;
  }
  return found;
}
