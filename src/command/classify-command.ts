import type { AccessRequest } from '../authz/access-request.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { mediaTypeOf } from '../http/media-type.js';
import { anyGlob, compileGlob, type Glob } from '../policy/glob.js';
import type { Command, GraphqlCommand, RestCommand, SqlCommand } from './command.js';
import { analyzeGraphql, operationRank, type GraphqlAnalysis, type GraphqlOperationType } from './graphql-classifier.js';
import { analyzeSql } from './sql-classifier.js';
import { SqlTokenizer } from './sql-tokenizer.js';

export interface ClassifyOptions {
  /** Path globs where SQL-over-HTTP is served; when set, SQL heuristics apply only there. */
  sqlPaths?: string[];
  /** Path globs where GraphQL is served; when set, GraphQL heuristics apply only there. */
  graphqlPaths?: string[];
  /** Body bytes inspected; the rest is ignored and the command marked partial. */
  maxBodyBytes: number;
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
const graphqlStarts = new Set(['query', 'mutation', 'subscription', 'fragment']);
// Statement keywords that plausibly begin SQL text (not `set`, `show`, `do`, `end`...: common English).
const sqlStarts = new Set([
  'select', 'insert', 'update', 'delete', 'merge', 'with', 'create', 'alter', 'drop', 'truncate', 'grant', 'revoke',
  'copy', 'explain', 'call', 'values', 'upsert', 'replace', 'begin', 'commit', 'rollback', 'show', 'set', 'describe',
]);
// Upper bound on items in a batched GraphQL request we look at.
const maxBatch = 100;

/** Compiles path globs once; `classify` then never throws (a failure is reported in `failure`). */
export function createCommandClassifier(options: ClassifyOptions): CommandClassifier {
  const pathGlob = (pattern: string) => compileGlob(pattern, { separator: '/' });
  const sqlPaths = options.sqlPaths?.map(pathGlob);
  const graphqlPaths = options.graphqlPaths?.map(pathGlob);
  return {
    classify(request) {
      const notes: string[] = [];
      try {
        const command = classify(request, options.maxBodyBytes, sqlPaths, graphqlPaths, notes);
        return { command, notes };
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

function classify(
  request: AccessRequest,
  maxBodyBytes: number,
  sqlPaths: Glob[] | undefined,
  graphqlPaths: Glob[] | undefined,
  notes: string[],
): Command {
  const path = request.http.path;
  const onSqlPath = sqlPaths === undefined ? undefined : anyGlob(sqlPaths, path);
  const onGraphqlPath = graphqlPaths === undefined ? undefined : anyGlob(graphqlPaths, path);
  // Heuristics run where the path is configured for the language, or everywhere when nothing is configured.
  const hints: Hints = { sql: onSqlPath, graphql: onGraphqlPath };
  const body = request.http.body;
  if (body !== undefined && body.bytes.length > 0) {
    const encoding = request.http.headers['content-encoding']?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      notes.push('encoded body not inspected; classified as REST');
      return rest(request);
    }
    const cut = body.bytes.length > maxBodyBytes;
    const partial = body.partial || cut;
    if (cut) notes.push('body longer than the inspection limit; only its start was classified');
    const text = (cut ? body.bytes.subarray(0, maxBodyBytes) : body.bytes).toString('utf8');
    const media = mediaTypeOf(body.contentType ?? request.http.headers['content-type']);
    const fromBody = classifyBody(text, media, partial, hints, notes);
    if (fromBody) return fromBody;
  }
  const fromQuery = classifyQueryString(request.http.query, hints, notes);
  return fromQuery ?? rest(request);
}

function classifyBody(text: string, media: string, partial: boolean, hints: Hints, notes: string[]): Command | undefined {
  if (media === 'application/sql') return sqlCommand(text, partial, notes);
  if (media === 'application/graphql') return graphqlCommand(text, undefined, partial, notes, true);
  const trimmed = text.trimStart();
  if (media === 'application/json' || media.endsWith('+json') || (media === '' && (trimmed.startsWith('{') || trimmed.startsWith('[')))) {
    return classifyJson(text, partial, hints, notes);
  }
  if (media === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    return classifyFields((key) => form.get(key) ?? undefined, partial, hints, notes);
  }
  if (media === 'text/plain' || media === '' || media === 'application/octet-stream') {
    if (hints.sql !== false && (hints.sql === true || looksLikeSql(text))) return sqlCommand(text, partial, notes);
    if (hints.graphql !== false && (hints.graphql === true || looksLikeGraphql(text))) return graphqlCommand(text, undefined, partial, notes, false);
  }
  return undefined;
}

function classifyJson(text: string, partial: boolean, hints: Hints, notes: string[]): Command | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (!partial) {
      notes.push('body is not valid JSON; classified as REST');
      return undefined;
    }
    // A cut JSON body: recover the statement string as far as it goes.
    const recovered = recoverJsonStrings(text);
    notes.push('JSON body cut short; classified from its start');
    return classifyFields((key) => recovered.get(key), true, hints, notes);
  }
  if (Array.isArray(parsed)) return classifyGraphqlBatch(parsed, partial, hints, notes);
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const object = parsed as Record<string, unknown>;
  return classifyFields((key) => (typeof object[key] === 'string' ? object[key] : undefined), partial, hints, notes, 'variables' in object);
}

/** Decides between SQL and GraphQL from the statement-carrying fields of a JSON or form body. */
function classifyFields(
  get: (key: string) => string | undefined,
  partial: boolean,
  hints: Hints,
  notes: string[],
  hasVariables = false,
): Command | undefined {
  const operationName = get('operationName');
  if (hints.graphql === true) {
    const query = get('query');
    if (query !== undefined) return graphqlCommand(query, operationName, partial, notes, true);
  }
  for (const key of sqlKeys) {
    const value = get(key);
    if (value !== undefined && hints.sql !== false) return sqlCommand(value, partial, notes);
  }
  for (const key of sharedKeys) {
    const value = get(key);
    if (value === undefined) continue;
    const graphqlSignal = operationName !== undefined || hasVariables || looksLikeGraphql(value);
    if (key === 'query' && hints.graphql !== false && hints.sql !== true && graphqlSignal) {
      return graphqlCommand(value, operationName, partial, notes, operationName !== undefined || hasVariables);
    }
    if (hints.sql === true || (hints.sql === undefined && looksLikeSql(value))) return sqlCommand(value, partial, notes);
  }
  return undefined;
}

function classifyGraphqlBatch(items: unknown[], partial: boolean, hints: Hints, notes: string[]): Command | undefined {
  if (hints.graphql === false) return undefined;
  const analyses: GraphqlAnalysis[] = [];
  const texts: string[] = [];
  for (const item of items.slice(0, maxBatch)) {
    if (item === null || typeof item !== 'object') return undefined;
    const { query, operationName } = item as { query?: unknown; operationName?: unknown };
    if (typeof query !== 'string') return undefined;
    try {
      analyses.push(analyzeGraphql(query, typeof operationName === 'string' ? operationName : undefined));
      texts.push(query);
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

function classifyQueryString(query: string, hints: Hints, notes: string[]): Command | undefined {
  if (query.length === 0) return undefined;
  const params = new URLSearchParams(query);
  if (hints.graphql !== false) {
    const document = params.get('query');
    if (document !== null && (hints.graphql === true || looksLikeGraphql(document))) {
      return graphqlCommand(document, params.get('operationName') ?? undefined, false, notes, hints.graphql === true);
    }
  }
  if (hints.sql === true) {
    for (const key of ['sql', 'q', 'query', 'statement']) {
      const value = params.get(key);
      if (value !== null) return sqlCommand(value, false, notes);
    }
  }
  return undefined;
}

function sqlCommand(text: string, partial: boolean, notes: string[]): Command | undefined {
  const analysis = analyzeSql(text);
  if (analysis.statements.length === 0) {
    notes.push('SQL body holds no statement');
    return undefined;
  }
  if (analysis.ambiguous) notes.push('SQL reads differently across dialects; all readings reported');
  if (analysis.truncated) notes.push('SQL longer than the analysis limits; later statements unknown');
  const command: SqlCommand = { type: 'sql', statements: analysis.statements, text, partial: partial || analysis.truncated };
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
